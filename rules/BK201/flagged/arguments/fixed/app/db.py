from sqlalchemy import Column, Integer, MetaData
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm import DeclarativeBase


class CommonColumns:
    """Columns every table has."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)


metadata = MetaData(schema="app")


class Model(CommonColumns, DeclarativeBase):
    metadata = metadata


class Legacy(DeclarativeBase):
    pass


Legacy.__name__ = Legacy.__qualname__ = "LegacyBase"
