from flask_restx import Resource


class ReadOnly(Resource):
    def get(self, id):
        return {"id": id}
