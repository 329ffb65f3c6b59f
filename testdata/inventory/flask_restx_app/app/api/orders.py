from flask_restx import Namespace, Resource

orders_ns = Namespace("orders", path="/shop/orders")


@orders_ns.route("/<int:order_id>")
class Order(Resource):
    def get(self, order_id):
        return {}

    def put(self, order_id):
        return {}

    def format(self):
        return "not an endpoint"
