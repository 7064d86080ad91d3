from typing import List

from pydantic import parse_obj_as

from app.schemas import Item


def serialise(item: Item) -> str:
    return item.json(skip_defaults=True)


def rename(item: Item, name: str) -> Item:
    return item.copy(update={"name": name})


def load_all(rows: List[dict]) -> List[Item]:
    return parse_obj_as(List[Item], rows)


def from_row(row) -> dict:
    return Item.from_orm(row).dict()


def describe() -> list:
    return list(Item.__fields__) + [Item.schema()["title"]]


def build(data: dict) -> Item:
    item = Item.construct(**data)
    print(item.__fields_set__)
    return item
