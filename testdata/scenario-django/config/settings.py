INSTALLED_APPS = [
    "django.contrib.auth",
    "users",
    "payments",
    "notifications",
    "reporting",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}}
