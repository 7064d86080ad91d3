from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from app.models.base import Base


class Book(Base):
    __tablename__ = "books"

    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
    author_id = Column(ForeignKey("authors.id"), nullable=False)
    editor_id = Column(ForeignKey("editors.id"))

    author = relationship("Author", back_populates="books")
    editor = relationship("Editor")
    chapters = relationship("Chapter", collection_class=set)


class Chapter(Base):
    __tablename__ = "chapters"

    id = Column(Integer, primary_key=True)
    book_id = Column(ForeignKey("books.id"), nullable=False)


class Editor(Base):
    __tablename__ = "editors"

    id = Column(Integer, primary_key=True)
