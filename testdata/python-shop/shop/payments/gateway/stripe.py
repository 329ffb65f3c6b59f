from ...notifications import email


def authorize(amount):
    if amount > 1000:
        email.send_alert("large payment")
    return True
