from django.urls import path

from payments import views as payment_views
from users import views as user_views

urlpatterns = [
    path("signup/", user_views.signup),
    path("password-reset/", user_views.password_reset),
    path("pay/<int:invoice_id>/", payment_views.pay),
]
