import os

INSTALLED_APPS = ["shop.orders", "shop.payments", "shop.notifications"]
DEBUG = os.environ.get("DEBUG") == "1"
