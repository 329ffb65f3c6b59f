module Users
  class User < ApplicationRecord
    self.table_name = "users"
    has_many :addresses, class_name: "Users::Address"
  end
end
