from sqlalchemy import Column, Integer, MetaData
from sqlalchemy.ext.declarative import declarative_base


class CommonColumns:
    """Columns every table has."""

    id = Column(Integer, primary_key=True)


metadata = MetaData(schema="app")
Model = declarative_base(cls=CommonColumns, metadata=metadata, name="Model")
Legacy = declarative_base(name="LegacyBase")
