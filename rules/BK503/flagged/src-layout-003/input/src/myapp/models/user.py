from pydantic import BaseModel, ConfigDict


class UserCreate(BaseModel):
    email: str
    name: str


class User(UserCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int
