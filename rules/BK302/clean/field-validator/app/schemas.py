from pydantic import BaseModel, ValidationInfo, field_validator


class SignUp(BaseModel):
    username: str

    @field_validator("username", mode="before")
    @classmethod
    def strip(cls, v: str, info: ValidationInfo) -> str:
        return v.strip()
