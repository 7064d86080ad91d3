from pydantic import BaseModel, field_validator, ValidationInfo


class Passwords(BaseModel):
    password: str
    repeat: str

    @field_validator("repeat")
    @classmethod
    def same(cls, v, info: ValidationInfo):
        if v != info.data.get("password"):
            raise ValueError("passwords differ")
        return v

    @field_validator("password")
    @classmethod
    def named(cls, v, info: ValidationInfo):
        if not v:
            raise ValueError(f"{info.field_name} is empty")
        return v
