from rest_framework import viewsets


class RefundViewSet(viewsets.ModelViewSet):
    pass
