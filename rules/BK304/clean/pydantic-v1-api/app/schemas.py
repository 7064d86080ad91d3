from pydantic.v1 import BaseModel, parse_obj_as


class Item(BaseModel):
    name: str


def load(data: list) -> list:
    return [i.dict() for i in parse_obj_as(list[Item], data)] + [Item.parse_obj({}).json()]
