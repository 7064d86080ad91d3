from pydantic.v1 import BaseModel, root_validator


class Range(BaseModel):
    low: int
    high: int

    @root_validator
    def ordered(cls, values):
        return values
