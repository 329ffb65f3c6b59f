from config.celery import app


@app.task(bind=True)
def retry_failed(self):
    return 0
