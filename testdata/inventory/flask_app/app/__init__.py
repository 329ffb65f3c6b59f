from flask import Flask

from .orders.views import orders_bp
from .users import views as user_views

app = Flask(__name__)
app.register_blueprint(orders_bp, url_prefix="/api")
app.register_blueprint(user_views.bp)


@app.route("/")
def home():
    return "ok"


@app.route("/login", methods=["GET", "POST"])
def login():
    return "ok"
