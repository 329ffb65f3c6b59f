from django.conf import settings
from django.db import models


class TimeStamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Customer(TimeStamped):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    email = models.EmailField(unique=True)


class Product(TimeStamped):
    name = models.CharField(max_length=100)
    related = models.ManyToManyField("self")
    tags = models.ManyToManyField("Tag", db_table="shop_product_tag_links")


class Tag(models.Model):
    label = models.CharField(max_length=30)

    class Meta:
        db_table = "tags"


class Order(TimeStamped):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT)
    invoice = models.ForeignKey("payments.Invoice", null=True, on_delete=models.SET_NULL, db_column="invoice_ref")
    products = models.ManyToManyField(Product, through="OrderLine")


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE)
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField()


class SpecialOrder(Order):
    reason = models.TextField()


class OrderProxy(Order):
    class Meta:
        proxy = True
