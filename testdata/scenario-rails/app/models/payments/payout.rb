module Payments
  class Payout < ApplicationRecord
    self.table_name = "payouts"
  end
end
