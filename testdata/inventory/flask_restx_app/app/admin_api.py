from flask_restx import Api, Resource

from .admin_bp import admin_bp

admin = Api(admin_bp, doc=False)


@admin.route("/stats")
class Stats(Resource):
    def get(self):
        return {}
