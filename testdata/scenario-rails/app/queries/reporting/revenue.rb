module Reporting
  class Revenue
    def self.by_user
      ActiveRecord::Base.connection.select_rows(<<~SQL)
        SELECT u.email, SUM(p.amount) FROM users u
        JOIN invoices i ON i.user_id = u.id
        JOIN payments p ON p.invoice_id = i.id
        GROUP BY u.email
      SQL
    end

    def self.refunds
      ActiveRecord::Base.connection.select_rows("SELECT payment_id, amount FROM refunds")
    end

    def self.notification_volume
      ActiveRecord::Base.connection.select_value("SELECT COUNT(*) FROM notifications")
    end
  end
end
