module Payments
  class PaymentMethod < ApplicationRecord
    self.table_name = "payment_methods"
  end
end
