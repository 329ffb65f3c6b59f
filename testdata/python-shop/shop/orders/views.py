import toolkit.strings
from toolkit import strings as s

from .services import place_order


def checkout(request, order_id):
    def later():
        from shop.hooks import breaker

        return breaker.trip()

    return s.slug(toolkit.strings.title(str(place_order(order_id))))
