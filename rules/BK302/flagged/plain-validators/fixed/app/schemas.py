import pydantic
from pydantic import BaseModel, field_validator


class SignUp(BaseModel):
    username: str
    password: str

    @field_validator("username", mode="before")
    @classmethod
    def strip(cls, v):
        return v.strip()

    @field_validator("password")
    @classmethod
    def long_enough(cls, v):
        if len(v) < 8:
            raise ValueError("too short")
        return v

    @pydantic.field_validator("username", "password", check_fields=False)
    @classmethod
    def not_empty(cls, v):
        if not v:
            raise ValueError("empty")
        return v
