import logging

from myapp.config import settings
from myapp.services import user


def configure() -> None:
    logging.basicConfig(level=logging.INFO if settings.port else logging.DEBUG)
