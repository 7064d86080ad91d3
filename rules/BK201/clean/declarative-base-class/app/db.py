from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, registry


class Base(DeclarativeBase):
    metadata = MetaData(schema="app")


mapper_registry = registry()
