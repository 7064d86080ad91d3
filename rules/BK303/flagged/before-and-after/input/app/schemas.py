from typing import Optional

from pydantic import BaseModel, root_validator


class Range(BaseModel):
    low: int
    high: int

    @root_validator(pre=True)
    def from_text(cls, values):
        if isinstance(values.get("span"), str):
            values["low"], values["high"] = values.pop("span").split("-")
        return values

    @root_validator(skip_on_failure=True)
    def ordered(cls, values):
        if values["low"] > values["high"]:
            raise ValueError(f"{cls.__name__}: low > high")
        return values


class Window(BaseModel):
    start: int
    end: Optional[int] = None

    @root_validator
    def end_after_start(cls, values):
        end = values.get("end")
        if end is not None and end < values["start"]:
            raise ValueError("end before start")
        return values
