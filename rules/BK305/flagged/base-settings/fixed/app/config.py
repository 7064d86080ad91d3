import pydantic
from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = Field("sqlite://")


class Legacy(BaseSettings):
    debug: bool = False
