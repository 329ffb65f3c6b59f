from flask_restful import Resource


class BaseResource(Resource):
    decorators = []


class ItemListResource(BaseResource):
    def get(self):
        return []


class ItemResource(BaseResource):
    def get(self, item_id):
        return {}

    def patch(self, item_id):
        return {}
