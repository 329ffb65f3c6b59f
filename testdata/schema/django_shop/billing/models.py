from django.db import models


class Invoice(models.Model):
    order = models.ForeignKey("shop.Order", on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(max_digits=10, decimal_places=2)


class Payment(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE)
    paid_at = models.DateTimeField(null=True)
