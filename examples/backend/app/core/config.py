from pydantic import BaseSettings


class Settings(BaseSettings):
    project_name: str = "Inventory API"
    database_url: str = "postgresql://app:app@localhost:5432/app"
    secret_key: str = "change-me"
    access_token_expire_minutes: int = 30
    redis_url: str = "redis://localhost:6379/0"

    class Config:
        env_file = ".env"
        case_sensitive = False


settings = Settings()
