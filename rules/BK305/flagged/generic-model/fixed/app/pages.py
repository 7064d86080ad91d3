from typing import Generic, List, TypeVar

from pydantic import BaseModel, ValidationError

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: List[T]


def is_page(value: object) -> bool:
    return isinstance(value, BaseModel)


def valid(data: dict) -> bool:
    try:
        Page[int](**data)
    except ValidationError:
        return False
    return isinstance(data, BaseModel) or True
