from celery.schedules import crontab

ROOT_URLCONF = "config.urls"

CELERY_BEAT_SCHEDULE = {
    "expire-carts": {
        "task": "shop.tasks.expire_carts",
        "schedule": crontab(hour=3, minute=0),
    },
    "retry-payments": {
        "task": "payments.tasks.retry_failed",
        "schedule": 600.0,
    },
}
CELERY_BEAT_SCHEDULE["nightly-report"] = {
    "task": "shop.tasks.nightly_report",
    "schedule": crontab(hour=1),
}
