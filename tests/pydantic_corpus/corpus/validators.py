"""Validators whose v2 form is certain: `(cls, v)` signatures, `pre`, `allow_reuse`, `*`."""

import pydantic
from pydantic import BaseModel, validator


class Signup(BaseModel):
    username: str
    password: str
    tags: list[str] = []

    @validator("username")
    def alphanumeric(cls, v):
        if not v.isalnum():
            raise ValueError("must be alphanumeric")
        return v

    @validator("username", pre=True)
    def strip(cls, v):
        return v.strip() if isinstance(v, str) else v

    @validator("tags", allow_reuse=True)
    def deduplicate(cls, v):
        return sorted(set(v))

    @pydantic.validator("password", check_fields=True)
    def long_enough(cls, v, values, config, field):
        if len(v) < 8:
            raise ValueError("too short")
        return v


class Named(BaseModel):
    first: str
    last: str

    @validator("first", "last")
    @classmethod
    def titled(cls, v):
        return v.title()

    @validator("*", pre=True)
    def not_blank(cls, v, **kwargs):
        if isinstance(v, str) and not v.strip():
            raise ValueError("blank")
        return v
