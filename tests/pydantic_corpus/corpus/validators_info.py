"""Validators reading other fields (`values`) or their own name (`field.name`)."""

from pydantic import BaseModel, validator


class Passwords(BaseModel):
    password: str
    repeat: str

    @validator("repeat")
    def same(cls, v, values):
        if "password" in values and v != values["password"]:
            raise ValueError("passwords differ")
        return v


class Labelled(BaseModel):
    label: str

    @validator("label")
    def named(cls, v, field):
        if v == "?":
            raise ValueError(f"{field.name} is unknown")
        return f"{field.name}={v}"
