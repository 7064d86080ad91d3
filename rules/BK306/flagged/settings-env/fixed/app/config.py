from typing import List

from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = Field("sqlite://", env="DATABASE_URL")
    hosts: List[str] = Field([], env=["HOSTS", "ALLOWED_HOSTS"])
