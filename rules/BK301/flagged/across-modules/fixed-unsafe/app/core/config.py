from app.schemas.base import AppSettings
from pydantic_settings import SettingsConfigDict


class Settings(AppSettings):
    database_url: str = "sqlite://"

    model_config = SettingsConfigDict(env_file=".env", env_prefix="APP_")
