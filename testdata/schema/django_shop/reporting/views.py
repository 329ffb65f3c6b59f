from django.db import connection

from billing.models import Payment
from shop.models import Customer, Order


def totals():
    cursor = connection.cursor()
    cursor.execute("SELECT count(*) FROM shop_order o JOIN shop_customer c ON c.id = o.customer_id")
    cursor.execute("INSERT INTO payments_invoice (order_id, amount) VALUES (%s, %s)", [1, 2])
    return Payment.objects.count() + Customer.objects.count() + Order.objects.count()
