module Payments
  class Payment < ApplicationRecord
    self.table_name = "payments"
  end
end
