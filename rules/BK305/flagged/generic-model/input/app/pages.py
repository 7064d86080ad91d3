from typing import Generic, List, TypeVar

from pydantic import BaseModel
from pydantic.error_wrappers import ValidationError
from pydantic.generics import GenericModel

T = TypeVar("T")


class Page(GenericModel, Generic[T]):
    items: List[T]


def is_page(value: object) -> bool:
    return isinstance(value, GenericModel)


def valid(data: dict) -> bool:
    try:
        Page[int](**data)
    except ValidationError:
        return False
    return isinstance(data, BaseModel) or True
