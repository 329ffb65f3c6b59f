from django.core.mail import send_mail

from .models import EmailTemplate, Notification


def send_payment_email(address, payment_id):
    template = EmailTemplate.objects.get(name="payment")
    send_mail("Payment received", template.body.format(payment=payment_id), None, [address])
    Notification.objects.create(user_id=0, template=template)


def send_password_reset(address, token):
    template = EmailTemplate.objects.get(name="password_reset")
    send_mail("Reset your password", template.body.format(token=token), None, [address])
