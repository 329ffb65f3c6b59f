from flask import Flask

from .api import blueprint
from .views import Ping

app = Flask(__name__)
app.register_blueprint(blueprint)
app.add_url_rule("/ping", view_func=Ping.as_view("ping"))
