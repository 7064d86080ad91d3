import uuid

from sqlalchemy import CHAR, String
from sqlalchemy.types import TypeDecorator


class GUID(TypeDecorator):
    """A UUID stored as 32 hexadecimal characters."""

    impl = CHAR(32)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else uuid.UUID(str(value)).hex

    def process_result_value(self, value, dialect):
        return None if value is None else uuid.UUID(value)


class LowerCaseString(TypeDecorator[str]):
    """Text stored in lower case."""

    impl = String(120)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else value.lower()
