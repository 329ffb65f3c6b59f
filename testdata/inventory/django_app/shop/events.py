import redis

bus = redis.Redis()


def publish_event(name, payload=None):
    bus.publish(name, payload)
    return (name, payload)


def subscribe(name):
    def wrap(fn):
        return fn

    return wrap


@subscribe("payment.completed")
def on_payment_completed(payload):
    publish_event("order.paid", payload)
