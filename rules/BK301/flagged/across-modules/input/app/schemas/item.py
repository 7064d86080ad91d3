from app.schemas import Schema


class Item(Schema):
    title: str

    class Config:
        anystr_strip_whitespace = True

    class Owner(Schema):
        name: str

        class Config:
            extra = "forbid"


def build() -> type:
    class Draft(Item):
        class Config:
            validate_assignment = True

    return Draft
