from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class MappedBase(DeclarativeBase):
    type_annotation_map = {str: String(50)}


class Item(Base):
    __tablename__ = "items"

    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
    code = Column(String(10))
    active = Column(Boolean)
    weight = Column(Float)
    parent_id = Column(Integer, ForeignKey("items.id"))


class Label(MappedBase):
    __tablename__ = "labels"

    id = Column(Integer, primary_key=True)
    text = Column(String)
