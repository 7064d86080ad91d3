from pydantic import BaseModel, validator


class Passwords(BaseModel):
    password: str
    repeat: str

    @validator("repeat")
    def same(cls, v, values, **kwargs):
        if v != values.get("password"):
            raise ValueError("passwords differ")
        return v

    @validator("password")
    def named(cls, v, field):
        if not v:
            raise ValueError(f"{field.name} is empty")
        return v
