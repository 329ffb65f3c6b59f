from django.db import models


class EmailTemplate(models.Model):
    name = models.CharField(max_length=100, unique=True)
    body = models.TextField()


class Notification(models.Model):
    user_id = models.IntegerField()
    template = models.ForeignKey(EmailTemplate, on_delete=models.PROTECT)
    sent_at = models.DateTimeField(null=True)


class Delivery(models.Model):
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE)
    status = models.CharField(max_length=20)


class Subscription(models.Model):
    user_id = models.IntegerField()
    channel = models.CharField(max_length=20)
