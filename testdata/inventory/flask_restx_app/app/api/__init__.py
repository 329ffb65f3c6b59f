from flask import Blueprint
from flask_restx import Api
from somelib.resources import Missing

from .health import Empty, Health
from .orders import orders_ns
from .users import ns as users_ns

HEALTH_PATH = "/status"

blueprint = Blueprint("api", __name__, url_prefix="/api")
api = Api(blueprint, prefix="/v1", doc="/docs")

api.add_namespace(users_ns, path="/people")
api.add_namespace(orders_ns)
api.add_resource(Health, "/health", "/healthz")
api.add_resource(Health, HEALTH_PATH)
api.add_resource(Missing, "/missing")
api.add_resource(Empty, "/empty")
