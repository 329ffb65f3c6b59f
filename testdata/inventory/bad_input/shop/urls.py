from django.urls import path

from . import views

urlpatterns = [
    path("ok/", views.ok),
    path(PREFIX, views.ok),
    path("broken/", views.ok,
]

for slug in SLUGS:
    urlpatterns += [path(slug, views.ok)]
