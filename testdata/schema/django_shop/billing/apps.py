from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "django_shop.billing"
    label = "payments"
