module Notifications
  class Subscription < ApplicationRecord
    self.table_name = "subscriptions"
  end
end
