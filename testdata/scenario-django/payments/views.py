from django.http import JsonResponse

from users.models import User

from .services import pay as pay_invoice


def pay(request, invoice_id):
    User.objects.get(pk=request.user.id)
    payment = pay_invoice(invoice_id, request.POST["method"])
    return JsonResponse({"id": payment.id})
