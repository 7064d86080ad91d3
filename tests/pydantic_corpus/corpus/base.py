"""Shared bases: configuration inherited across modules, a generic page."""

from typing import Generic, TypeVar

from pydantic import BaseModel, Extra, validator
from pydantic.generics import GenericModel

T = TypeVar("T")


class AppModel(BaseModel):
    """Base of the API schemas."""

    class Config:
        # Read SQLAlchemy rows directly.
        orm_mode = True
        anystr_strip_whitespace = True  # "  x " is "x"
        validate_assignment = True


class StrictModel(BaseModel):
    class Config:
        extra = Extra.forbid
        validate_all = True


class Timestamped(AppModel):
    created: int = 0

    @validator("created", pre=True)
    def seconds(cls, v):
        if isinstance(v, str) and v.endswith("s"):
            return int(v[:-1])
        return v


class Page(GenericModel, Generic[T]):
    items: list[T]
    total: int = 0

    class Config:
        allow_mutation = False
