from typing import List

from pydantic import TypeAdapter

from app.schemas import Item


def serialise(item: Item) -> str:
    return item.model_dump_json(exclude_unset=True)


def rename(item: Item, name: str) -> Item:
    return item.model_copy(update={"name": name})


def load_all(rows: List[dict]) -> List[Item]:
    return TypeAdapter(List[Item]).validate_python(rows)


def from_row(row) -> dict:
    return Item.model_validate(row).model_dump()


def describe() -> list:
    return list(Item.model_fields) + [Item.model_json_schema()["title"]]


def build(data: dict) -> Item:
    item = Item.model_construct(**data)
    print(item.model_fields_set)
    return item
