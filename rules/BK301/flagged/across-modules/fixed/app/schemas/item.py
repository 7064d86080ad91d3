from app.schemas import Schema
from pydantic import ConfigDict


class Item(Schema):
    title: str

    model_config = ConfigDict(str_strip_whitespace=True)

    class Owner(Schema):
        name: str

        model_config = ConfigDict(extra="forbid")


def build() -> type:
    class Draft(Item):
        model_config = ConfigDict(validate_assignment=True)

    return Draft
