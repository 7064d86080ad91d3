from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import DeclarativeBase

from app.mixins import Timestamps


class Base(DeclarativeBase):
    pass


class Page(Timestamps, Base):
    __tablename__ = "pages"

    id = Column(Integer, primary_key=True)
    slug = Column(String(100), unique=True)
