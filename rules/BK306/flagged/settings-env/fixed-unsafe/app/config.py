from typing import List

from pydantic import Field, AliasChoices
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = Field("sqlite://", validation_alias="DATABASE_URL")
    hosts: List[str] = Field([], validation_alias=AliasChoices("HOSTS", "ALLOWED_HOSTS"))
