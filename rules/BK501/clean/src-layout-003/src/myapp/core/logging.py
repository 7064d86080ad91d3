import logging

from myapp.config import settings


def configure() -> None:
    logging.basicConfig(level=logging.INFO if settings.port else logging.DEBUG)
