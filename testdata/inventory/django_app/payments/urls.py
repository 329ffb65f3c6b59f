from django.urls import path

from . import views

urlpatterns = [
    path("webhook/", views.webhook),
    path(settings_prefix + "callback/", views.webhook),
]
