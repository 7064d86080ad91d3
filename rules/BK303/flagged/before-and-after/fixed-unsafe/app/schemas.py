from typing import Optional

from pydantic import BaseModel, model_validator


class Range(BaseModel):
    low: int
    high: int

    @model_validator(mode="before")
    @classmethod
    def from_text(cls, values):
        if isinstance(values.get("span"), str):
            values["low"], values["high"] = values.pop("span").split("-")
        return values

    @model_validator(mode="after")
    def ordered(self):
        if self.low > self.high:
            raise ValueError(f"{type(self).__name__}: low > high")
        return self


class Window(BaseModel):
    start: int
    end: Optional[int] = None

    @model_validator(mode="after")
    def end_after_start(self):
        end = self.end
        if end is not None and end < self.start:
            raise ValueError("end before start")
        return self
