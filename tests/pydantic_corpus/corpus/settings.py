"""Settings classes: `BaseSettings` moves to pydantic-settings."""

from pydantic import BaseSettings


class AppSettings(BaseSettings):
    app_name: str = "corpus"
    port: int = 8000
    debug: bool = False

    class Config:
        env_prefix = "CORPUS_"
        case_sensitive = False
