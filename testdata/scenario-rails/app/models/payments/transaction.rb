module Payments
  class Transaction < ApplicationRecord
    self.table_name = "transactions"
  end
end
