module Payments
  class Checkout
    def self.pay(invoice_id, method)
      invoice = Invoice.find(invoice_id)
      payment = Payment.create!(invoice: invoice, payment_method: method, amount: invoice.total)
      user = Users::User.find(invoice.user_id)
      Notifications::Mailer.send_payment_email(user.email, payment.id)
      payment
    end
  end
end
