from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class MappedBase(DeclarativeBase):
    type_annotation_map = {str: String(50)}


class Item(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(nullable=False)
    code: Mapped[str | None] = mapped_column(String(10))
    active: Mapped[bool | None] = mapped_column()
    weight: Mapped[float | None] = mapped_column(Float)
    parent_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("items.id"))


class Label(MappedBase):
    __tablename__ = "labels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str | None] = mapped_column(String)
