from pydantic.v1 import BaseModel, validator


class SignUp(BaseModel):
    username: str

    @validator("username")
    def strip(cls, v):
        return v.strip()
