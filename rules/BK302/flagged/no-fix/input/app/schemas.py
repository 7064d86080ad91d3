from typing import List

from pydantic import BaseModel, validator


def lower(value: str) -> str:
    return value.lower()


class Tags(BaseModel):
    names: List[str] = []
    count: int = 0

    normalise = validator("names", allow_reuse=True)(lower)

    @validator("names", each_item=True)
    def no_spaces(cls, v):
        return v.replace(" ", "-")

    @validator("count", always=True)
    def counted(cls, v, values):
        return len(values.get("names", []))

    @validator("count")
    def configured(cls, v, config):
        return v if config.validate_assignment else 0

    @validator("count")
    def typed(cls, v, field):
        return field.type_(v)
