import pydantic
from pydantic import BaseModel, validator


class SignUp(BaseModel):
    username: str
    password: str

    @validator("username", pre=True, allow_reuse=True)
    def strip(cls, v):
        return v.strip()

    @validator("password")
    @classmethod
    def long_enough(cls, v):
        if len(v) < 8:
            raise ValueError("too short")
        return v

    @pydantic.validator("username", "password", check_fields=False)
    def not_empty(cls, v, values, config, field):
        if not v:
            raise ValueError("empty")
        return v
