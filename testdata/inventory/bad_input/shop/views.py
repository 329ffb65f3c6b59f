def ok(request):
    return None
