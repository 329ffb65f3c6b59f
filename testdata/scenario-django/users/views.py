from django.http import JsonResponse

from .services import sign_up, start_password_reset


def signup(request):
    user = sign_up(request.POST["email"], request.POST["name"])
    return JsonResponse({"id": user.id})


def password_reset(request):
    start_password_reset(request.POST["email"])
    return JsonResponse({"ok": True})
