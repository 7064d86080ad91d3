import pydantic
from pydantic import BaseSettings, Field


class Settings(BaseSettings):
    database_url: str = Field("sqlite://")


class Legacy(pydantic.BaseSettings):
    debug: bool = False
