from typing import List

from pydantic import BaseModel, root_validator


class Order(BaseModel):
    items: List[int]
    total: int = 0

    @root_validator(skip_on_failure=True)
    def computed(cls, values):
        values["total"] = sum(values["items"])
        return values

    @root_validator
    def logged(cls, values):
        print(values)
        return values
