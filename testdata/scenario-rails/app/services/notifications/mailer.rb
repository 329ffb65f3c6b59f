module Notifications
  class Mailer
    def self.send_payment_email(address, payment_id)
      template = EmailTemplate.find_by!(name: "payment")
      Notification.create!(user_id: 0, email_template: template)
      deliver(address, template.body % { payment: payment_id })
    end

    def self.send_password_reset(address, token)
      template = EmailTemplate.find_by!(name: "password_reset")
      deliver(address, template.body % { token: token })
    end

    def self.deliver(address, body)
      ActionMailer::Base.mail(to: address, body: body).deliver_later
    end
  end
end
