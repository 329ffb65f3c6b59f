from celery import shared_task


@shared_task
def expire_carts():
    return 0


@shared_task(name="shop.nightly_report", queue="reports")
def nightly_report():
    return 0
