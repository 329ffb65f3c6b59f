module Notifications
  class EmailTemplate < ApplicationRecord
    self.table_name = "email_templates"
  end
end
