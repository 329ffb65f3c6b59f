from notifications.email import send_payment_email
from users.models import User

from .models import Invoice, Payment


def pay(invoice_id, method):
    invoice = Invoice.objects.get(pk=invoice_id)
    payment = Payment.objects.create(invoice=invoice, method=method, amount=invoice.total)
    user = User.objects.get(pk=invoice.user_id)
    send_payment_email(user.email, payment.id)
    return payment
