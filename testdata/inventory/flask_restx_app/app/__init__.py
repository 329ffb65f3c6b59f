from flask import Flask

from .admin_api import admin
from .admin_bp import admin_bp
from .api import blueprint
from .views import Ping

app = Flask(__name__)
app.register_blueprint(blueprint)
app.register_blueprint(admin_bp)
app.add_url_rule("/ping", view_func=Ping.as_view("ping"))
