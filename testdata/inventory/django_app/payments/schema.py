import graphene

from shop.schema import ShopMutations, ShopQueries


class PaymentQueries(graphene.ObjectType):
    refunds = graphene.List(graphene.String)


class Query(ShopQueries, PaymentQueries):
    pass


class Mutation(ShopMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
