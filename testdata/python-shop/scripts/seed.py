from shop.orders.services import place_order

place_order(1)
