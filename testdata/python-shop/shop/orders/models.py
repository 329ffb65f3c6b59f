from django.db import models

from shop.payments.models import Payment


class Order(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE)
    total = models.DecimalField(max_digits=10, decimal_places=2)
