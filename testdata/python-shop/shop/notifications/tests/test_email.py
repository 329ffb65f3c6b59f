from shop.notifications.email import send_receipt
from shop.orders.models import Order


def test_receipt_mentions_the_order():
    assert "receipt" in send_receipt(Order())
