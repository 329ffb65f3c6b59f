def webhook(request):
    return None
