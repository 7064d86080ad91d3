from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    port: int = 8000
    database_url: str = "postgresql+asyncpg://localhost/myapp"


settings = Settings()
