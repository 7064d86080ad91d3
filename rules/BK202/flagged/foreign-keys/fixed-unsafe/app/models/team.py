from sqlalchemy import Column, Integer, String

from app.models.base import Base
from sqlalchemy.orm import Mapped, mapped_column


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True, nullable=False)
