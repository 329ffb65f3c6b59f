module Payments
  class Invoice < ApplicationRecord
    self.table_name = "invoices"
    belongs_to :user, class_name: "Users::User"
    has_many :payments, class_name: "Payments::Payment"
  end
end
