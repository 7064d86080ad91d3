"""Root validators, before and after field validation."""

from pydantic import BaseModel, root_validator


class Range(BaseModel):
    low: int
    high: int

    @root_validator(pre=True)
    def from_text(cls, values):
        if isinstance(values, dict) and isinstance(values.get("span"), str):
            low, high = values.pop("span").split("-")
            values["low"], values["high"] = low, high
        return values

    @root_validator(skip_on_failure=True)
    def ordered(cls, values):
        if values["low"] > values["high"]:
            raise ValueError("low must not exceed high")
        return values


class Window(BaseModel):
    start: int
    end: int | None = None

    @root_validator
    def end_after_start(cls, values):
        start, end = values.get("start"), values.get("end")
        if start is not None and end is not None and end < start:
            raise ValueError(f"{cls.__name__}: end before start")
        return values


class Discount(BaseModel):
    percent: int

    @root_validator(pre=False, skip_on_failure=True, allow_reuse=True)
    def bounded(cls, values):
        if not 0 <= values["percent"] <= 100:
            raise ValueError("percent out of range")
        return values
