import json
from typing import List

from pydantic import BaseModel


class Item(BaseModel):
    name: str
    children: List["Item"] = []


Item.model_rebuild()


def from_text(raw: str) -> Item:
    return Item.parse_raw(raw)


def schema_text() -> str:
    return Item.schema_json(indent=2)


def deep(item: Item, children: list) -> Item:
    return item.copy(update={"children": children}, deep=True)


def partial(item: Item) -> Item:
    return item.copy(include={"name"})


def from_file(path: str) -> Item:
    return Item.parse_file(path)


def encoded(item: Item) -> str:
    return item.json(sort_keys=True)
