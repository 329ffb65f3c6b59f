from django.views import View

from .events import publish_event


def index(request):
    return None


def product_detail(request, pk):
    publish_event("product.viewed", pk)
    return None


def health(request):
    return None


def legacy(request, slug):
    return None


class CartView(View):
    pass
