from billing.models import Invoice
from core.models import Query


def totals():
    return [(q.id, Invoice.query.count()) for q in Query.query.all()]
