def publish_event(name, payload=None):
    return (name, payload)


def subscribe(name):
    def wrap(fn):
        return fn

    return wrap


@subscribe("payment.completed")
def on_payment_completed(payload):
    publish_event("order.paid", payload)
