from app.schemas.base import AppSettings


class Settings(AppSettings):
    database_url: str = "sqlite://"

    class Config:
        env_file = ".env"
        env_prefix = "APP_"
