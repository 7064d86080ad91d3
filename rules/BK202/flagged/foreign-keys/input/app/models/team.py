from sqlalchemy import Column, Integer, String

from app.models.base import Base


class Team(Base):
    __tablename__ = "teams"

    id = Column(Integer, primary_key=True)
    code = Column(String(8), unique=True, nullable=False)
