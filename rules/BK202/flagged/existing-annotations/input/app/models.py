from typing import Optional

from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import Mapped, declarative_base, mapped_column

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = Column(Integer, primary_key=True)
    name: Mapped[str] = Column(String(80))
    email: Mapped[Optional[str]] = Column(String(120))
    phone: str = Column(String(20))
    fax = mapped_column(String(20))
