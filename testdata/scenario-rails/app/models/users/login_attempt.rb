module Users
  class LoginAttempt < ApplicationRecord
    self.table_name = "login_attempts"
    belongs_to :user, class_name: "Users::User"
  end
end
