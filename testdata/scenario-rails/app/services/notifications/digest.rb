module Notifications
  class Digest
    def self.weekly(address)
      rows = ActiveRecord::Base.connection.select_rows(
        "SELECT id, amount FROM payments WHERE created_at > now() - interval '7 days'"
      )
      Mailer.deliver(address, rows.map { |id, amount| "#{id}: #{amount}" }.join("\n"))
    end
  end
end
