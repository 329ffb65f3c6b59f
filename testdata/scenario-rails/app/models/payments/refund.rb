module Payments
  class Refund < ApplicationRecord
    self.table_name = "refunds"
  end
end
