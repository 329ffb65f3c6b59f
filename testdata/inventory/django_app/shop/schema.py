import graphene


class ShopQueries(graphene.ObjectType):
    product = graphene.Field(graphene.String, id=graphene.ID())
    products_on_sale = graphene.List(graphene.String)

    def resolve_product(self, info, id):
        return id


class CartAdd(graphene.Mutation):
    ok = graphene.Boolean()


class ShopMutations(graphene.ObjectType):
    cart_add = CartAdd.Field()
