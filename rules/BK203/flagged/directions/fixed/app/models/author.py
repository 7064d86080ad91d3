from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import relationship, Mapped, mapped_column

from app.models.base import Base

author_tags = Table(
    "author_tags",
    Base.metadata,
    Column("author_id", ForeignKey("authors.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    mentor_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("authors.id"))

    books = relationship("Book", back_populates="author")
    biography = relationship("Biography", back_populates="author", uselist=False)
    tags = relationship("Tag", secondary=author_tags)
    mentor = relationship("Author", remote_side=[id], back_populates="mentees")
    mentees = relationship("Author", back_populates="mentor")
    drafts = relationship("Draft", lazy="dynamic")
