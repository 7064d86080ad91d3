from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    project_name: str = "backend"
    database_url: str = "sqlite:///./app.db"
    secret_key: str
    cors_origins: list[str] = []


settings = Settings()
