from typing import Optional

import requests
from pydantic import BaseModel


class Item(BaseModel):
    name: str


class Versioned(BaseModel):
    version: int = 1

    def dict(self, **kwargs):
        return {"version": self.version}


class Cache:
    def json(self) -> dict:
        return {}

    def refresh(self) -> dict:
        return self.json()


def fetch(url: str, options: dict, maybe: Optional[Item], versioned: Versioned, anything) -> list:
    response = requests.get(url)
    item = make()
    return [
        response.json(),
        options.copy(),
        maybe.dict() if maybe else None,
        versioned.dict(),
        anything.dict(),
        item.dict(),
        [i.json() for i in anything],
    ]


def shadowed(Item) -> dict:
    return Item.parse_obj({})
