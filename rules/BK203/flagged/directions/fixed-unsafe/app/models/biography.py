from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlalchemy.orm import relationship, Mapped, mapped_column

from app.models.base import Base
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .author import Author


class Biography(Base):
    __tablename__ = "biographies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), unique=True, nullable=False)
    text: Mapped[str | None] = mapped_column(Text)

    author: Mapped["Author"] = relationship("Author", back_populates="biography")


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class Draft(Base):
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id"))
