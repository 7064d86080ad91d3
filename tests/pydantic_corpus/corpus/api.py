"""Model methods called on receivers that are certainly models, and on ones that are not."""

import json
from typing import Any

from pydantic import BaseModel, parse_obj_as

from corpus.base import Page
from corpus.people import Person
from corpus.staff import Staff, StaffPage


class Row:
    """What an ORM would return."""

    def __init__(self, name: str, created: int) -> None:
        self.name = name
        self.created = created


class Client:
    """Not a model: its `json()` and `dict()` stay."""

    def json(self) -> dict[str, Any]:
        return {"client": True}

    def dict(self) -> dict[str, Any]:
        return self.json()


class Tree(BaseModel):
    value: int
    children: list["Tree"] = []

    def total(self) -> int:
        return self.value + sum(child.total() for child in self.children)

    def flat(self) -> dict[str, Any]:
        return self.dict(exclude={"children"})


Tree.update_forward_refs()


def person_payload(data: dict[str, Any]) -> dict[str, Any]:
    person = Person.parse_obj(data)
    return person.dict(exclude_unset=True)


def person_json(data: dict[str, Any]) -> dict[str, Any]:
    person: Person = Person(**data)
    return json.loads(person.json(exclude={"created"}))


def from_row(name: str, created: int) -> dict[str, Any]:
    return Person.from_orm(Row(name, created)).dict()


def renamed(data: dict[str, Any], name: str) -> dict[str, Any]:
    person = Person.parse_obj(data)
    return _rename(person, name)


def _rename(person: Person, name: str) -> dict[str, Any]:
    copy = person.copy(update={"name": name})
    return {"name": copy.name, "set": sorted(copy.__fields_set__)}


def many(data: list[dict[str, Any]]) -> list[str]:
    people = parse_obj_as(list[Person], data)
    return [p.name for p in people]


def staff_page(data: dict[str, Any]) -> dict[str, Any]:
    return StaffPage.parse_obj(data).dict(by_alias=True)


def int_page(data: dict[str, Any]) -> dict[str, Any]:
    page: Page[int] = Page[int].parse_obj(data)
    return {"items": page.items}


def unvalidated(data: dict[str, Any]) -> dict[str, Any]:
    return Staff.construct(**data).__dict__


def field_names() -> list[str]:
    return list(Person.__fields__)


def schema_title() -> str:
    return Staff.schema()["title"]


def tree_total(data: dict[str, Any]) -> dict[str, Any]:
    tree = Tree.parse_obj(data)
    return {"total": tree.total(), "flat": tree.flat()}


def not_models(data: dict[str, Any]) -> dict[str, Any]:
    client = Client()
    return {"json": client.json(), "dict": client.dict(), "copy": data.copy()}
