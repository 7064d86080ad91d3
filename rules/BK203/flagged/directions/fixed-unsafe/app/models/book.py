from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import relationship, Mapped, mapped_column

from app.models.base import Base
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .author import Author


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), nullable=False)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("editors.id"))

    author: Mapped["Author"] = relationship("Author", back_populates="books")
    editor: Mapped["Editor | None"] = relationship("Editor")
    chapters: Mapped[set["Chapter"]] = relationship("Chapter", collection_class=set)


class Chapter(Base):
    __tablename__ = "chapters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"), nullable=False)


class Editor(Base):
    __tablename__ = "editors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
