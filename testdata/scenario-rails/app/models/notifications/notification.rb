module Notifications
  class Notification < ApplicationRecord
    self.table_name = "notifications"
  end
end
