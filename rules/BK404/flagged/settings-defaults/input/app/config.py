from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "orders"
    secret_key: str = "changeme"
    jwt_secret: SecretStr = SecretStr("jwt-dev-secret")
    stripe_api_key: str = Field(default="sk_live_51HxXq2Lk")
    database_url: str = "postgresql://orders:Pr0d-pa55@db.internal.example.com:5432/orders"
    redis_url: str = "redis://localhost:6379/0"
    token_type: str = "bearer"
    access_token_expire_minutes: int = 30
