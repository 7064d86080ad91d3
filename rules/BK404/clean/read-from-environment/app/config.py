import os

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    secret_key: SecretStr
    api_key: str = ""
    jwt_secret: str = Field(..., description="e.g. openssl rand -hex 32")
    database_url: str = "postgresql://app:app@localhost:5432/app"
    compose_url: str = "postgresql://postgres:postgres@db:5432/app"
    template_url: str = "postgresql://user:password@db.example.com/app"


SECRET_KEY = os.environ["SECRET_KEY"]
API_TOKEN = os.getenv("API_TOKEN")
SIGNING_KEY = "${SIGNING_KEY}"
PASSWORD_ENV = "DB_PASSWORD"
DB_PASSWORD_VAR = "DB_PASSWORD"
