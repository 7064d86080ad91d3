"""v1 idioms mixed into v2 code: pydantic 2 runs them half-way, with warnings."""

from pydantic import BaseModel, ConfigDict, RootModel, field_validator, validator


class Tags(RootModel[list[str]]):
    class Config:
        frozen = True


class Article(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: str
    tags: Tags

    @validator("title")
    def no_shouting(cls, v):
        if v.isupper():
            raise ValueError("no shouting")
        return v

    @field_validator("tags")
    @classmethod
    def some(cls, v: Tags) -> Tags:
        if not v.root:
            raise ValueError("at least one tag")
        return v


class Record:
    def __init__(self, id: int) -> None:
        self.id = id


class Legacy(BaseModel):
    id: int

    class Config:
        orm_mode = True


def article(data: dict) -> dict:
    return Article.parse_obj(data).dict()


def tags_json(items: list) -> str:
    return Tags.parse_obj(items).json()


def legacy(id: int) -> dict:
    return Legacy.from_orm(Record(id)).dict()
