from flask.views import MethodView


class Ping(MethodView):
    def get(self):
        return "pong"

    def post(self):
        return "pong"
