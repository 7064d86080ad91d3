from pydantic_settings import BaseSettings


class ServiceSettings(BaseSettings):
    service_name: str = "billing"
