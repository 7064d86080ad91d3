"""A settings field read from a named variable (`Field(env=...)`)."""

from pydantic import BaseSettings, Field


class DatabaseSettings(BaseSettings):
    url: str = Field("sqlite://", env="CORPUS_DATABASE_URL")
    pool: int = 5

    class Config:
        env_prefix = "CORPUS_DB_"
