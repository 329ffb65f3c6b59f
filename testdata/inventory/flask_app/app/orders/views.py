from flask import Blueprint

from .handlers import export_orders

orders_bp = Blueprint("orders", __name__, url_prefix="/orders")


@orders_bp.get("/")
def list_orders():
    return []


@orders_bp.post("/<int:order_id>/cancel")
def cancel(order_id):
    return {}


orders_bp.add_url_rule("/export", view_func=export_orders)

PREFIX = "/v2"


@orders_bp.route(PREFIX + "/items")
def items():
    return []
