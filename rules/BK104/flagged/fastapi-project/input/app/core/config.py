from pathlib import Path

import yaml
from dotenv import load_dotenv
from pydantic_settings import BaseSettings

load_dotenv()


class Settings(BaseSettings):
    app_name: str = "shop"
    database_url: str = "postgresql://localhost/shop"
    secret_key: str = ""
    cors_origins: list[str] = []


def load_features(path: Path) -> dict[str, bool]:
    return yaml.safe_load(path.read_text())


settings = Settings()
