module Notifications
  class Delivery < ApplicationRecord
    self.table_name = "deliveries"
  end
end
