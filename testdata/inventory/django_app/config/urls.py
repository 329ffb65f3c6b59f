from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from payments.api import RefundViewSet
from shop import views as shop_views

router = DefaultRouter()
router.register(r"refunds", RefundViewSet, basename="refund")

api_patterns = [
    path("health/", shop_views.health),
    path("", include(router.urls)),
]

urlpatterns = [
    path("shop/", include("shop.urls")),
    path("payments/", include(("payments.urls", "payments"), namespace="payments")),
    path("api/v1/", include(api_patterns)),
    re_path(r"^legacy/(?P<slug>[-\w]+)/$", "shop.views.legacy"),
    path("admin/", include("django.contrib.admin.urls")),
]

for name in ["a", "b"]:
    urlpatterns.append(path(f"{name}/", shop_views.health))

urlpatterns += [path(f"generated/{n}/", shop_views.health) for n in range(3)]
