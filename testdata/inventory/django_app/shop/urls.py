from django.urls import path

from . import views
from .views import CartView

urlpatterns = [
    path("", views.index, name="index"),
    path("cart/", CartView.as_view(), name="cart"),
    path("products/<int:pk>/", views.product_detail),
]
