from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlalchemy.orm import relationship

from app.models.base import Base


class Biography(Base):
    __tablename__ = "biographies"

    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("authors.id"), unique=True, nullable=False)
    text = Column(Text)

    author = relationship("Author", back_populates="biography")


class Tag(Base):
    __tablename__ = "tags"

    id = Column(Integer, primary_key=True)


class Draft(Base):
    __tablename__ = "drafts"

    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("authors.id"))
