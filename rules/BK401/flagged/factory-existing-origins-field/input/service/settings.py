from pydantic_settings import BaseSettings


class AppSettings(BaseSettings):
    allowed_origins: list[str] = []
    debug: bool = False


app_settings = AppSettings()
