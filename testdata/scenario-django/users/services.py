import secrets

from notifications.email import send_password_reset

from .models import User


def start_password_reset(email):
    user = User.objects.get(email=email)
    token = secrets.token_urlsafe(32)
    send_password_reset(user.email, token)
    return token


def sign_up(email, name):
    return User.objects.create(email=email, name=name)
