from shop.orders.models import Order


def trip():
    return Order.objects.none()
