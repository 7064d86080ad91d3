import os

import msgspec


class Settings(msgspec.Struct, frozen=True):
    database_url: str


def load_settings() -> Settings:
    return Settings(database_url=os.environ.get("DATABASE_URL", "sqlite://"))
