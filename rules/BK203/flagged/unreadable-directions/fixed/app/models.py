from typing import List

from sqlalchemy import Column, ForeignKey, Integer, and_
from sqlalchemy.orm import DeclarativeBase, relationship, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    favourite_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"))

    children: List["Child"] = relationship("Child", foreign_keys="Child.parent_id")
    adults = relationship(
        "Child", primaryjoin=lambda: and_(Child.parent_id == Parent.id, Child.age >= 18)
    )
    favourite = relationship(lambda: Child, foreign_keys=[favourite_id])
    cousins = relationship("Cousin")


class Child(Base):
    __tablename__ = "children"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parents.id"))
    age: Mapped[int | None] = mapped_column(Integer)
