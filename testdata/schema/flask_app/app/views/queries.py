from app.models import Query


def list_queries():
    return Query.query.all()
