from . import models
from ..payments import api as payments_api
from ..notifications.email import send_receipt
from shop.legacy import old_helper


def place_order(order_id):
    order = models.Order.objects.get(pk=order_id)
    if order.total > 0:
        payments_api.charge(order)
    send_receipt(order)
    return order
