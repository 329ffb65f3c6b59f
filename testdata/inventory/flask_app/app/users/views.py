from flask import Blueprint

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.route("/<name>", methods=["GET", "DELETE"])
def profile(name):
    return name
