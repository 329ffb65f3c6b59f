from flask_restx import Namespace, Resource

from .base import ReadOnly

ns = Namespace("users", description="Users")


@ns.route("")
class UserList(Resource):
    def get(self):
        return []

    def post(self):
        return {}, 201


@ns.route("/<int:id>", "/by-id/<int:id>")
@ns.param("id", "The user id")
class User(ReadOnly):
    def delete(self, id):
        return "", 204

    def _helper(self):
        return None
