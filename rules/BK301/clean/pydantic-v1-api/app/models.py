import pydantic.v1 as pydantic_v1
from pydantic import v1
from pydantic.v1 import BaseModel, BaseSettings, Extra


class User(BaseModel):
    class Config:
        orm_mode = True
        extra = Extra.forbid


class Admin(User):
    class Config:
        allow_population_by_field_name = True


class Legacy(v1.BaseModel):
    class Config:
        orm_mode = True


class Older(pydantic_v1.BaseModel):
    class Config:
        orm_mode = True


class Settings(BaseSettings):
    class Config:
        env_prefix = "APP_"
