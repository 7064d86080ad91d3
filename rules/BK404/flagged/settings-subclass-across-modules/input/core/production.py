from core.base import ServiceSettings


class ProductionSettings(ServiceSettings):
    webhook_secret: str = "whsec_9a8b7c6d"
