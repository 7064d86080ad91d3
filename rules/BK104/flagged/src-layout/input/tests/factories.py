import factory


class ItemFactory(factory.DictFactory):
    name = factory.Sequence(lambda n: f"item-{n}")
