from typing import List

from sqlalchemy import Column, ForeignKey, Integer, and_
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Parent(Base):
    __tablename__ = "parents"

    id = Column(Integer, primary_key=True)
    favourite_id = Column(ForeignKey("children.id"))

    children: List["Child"] = relationship("Child", foreign_keys="Child.parent_id")
    adults = relationship(
        "Child", primaryjoin=lambda: and_(Child.parent_id == Parent.id, Child.age >= 18)
    )
    favourite = relationship(lambda: Child, foreign_keys=[favourite_id])
    cousins = relationship("Cousin")


class Child(Base):
    __tablename__ = "children"

    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("parents.id"))
    age = Column(Integer)
