module Users
  class Address < ApplicationRecord
    self.table_name = "addresses"
    belongs_to :user, class_name: "Users::User"
  end
end
