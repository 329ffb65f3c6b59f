from flask_restful import Api

from .resources import ItemListResource, ItemResource


def org_scoped(rule):
    return rule


class ApiExt(Api):
    def add_org_resource(self, resource, *urls, **kwargs):
        urls = [org_scoped(url) for url in urls]
        return self.add_resource(resource, *urls, **kwargs)


rest = ApiExt(prefix="/legacy")

rest.add_org_resource(ItemResource, "/items/<item_id>", "/things/<item_id>", endpoint="item")
rest.add_resource(ItemListResource, "/items")
