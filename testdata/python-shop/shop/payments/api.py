from typing import TYPE_CHECKING

import requests

from .gateway import stripe
from .models import Payment

if TYPE_CHECKING:
    from shop.orders.models import Order


def charge(order: "Order") -> Payment:
    stripe.authorize(order.total)
    requests.post("https://payments.invalid/charge")
    return Payment.objects.create(amount=order.total)


def refund_report(cursor):
    cursor.execute("SELECT id, amount FROM payments_payment WHERE amount < 0")
    return cursor.fetchall()
