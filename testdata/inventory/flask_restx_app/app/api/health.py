from flask_restx import Resource


class Health(Resource):
    def get(self):
        return {"ok": True}


class Empty(Resource):
    def describe(self):
        return "no HTTP method here"
