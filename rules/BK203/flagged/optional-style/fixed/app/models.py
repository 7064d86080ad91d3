from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase, relationship, Mapped, mapped_column
from typing import Optional


class Base(DeclarativeBase):
    pass


class Folder(Base):
    __tablename__ = "folders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("folders.id"))
    parent = relationship("Folder", remote_side=[id])
