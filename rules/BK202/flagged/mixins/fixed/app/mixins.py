from sqlalchemy import Column, DateTime, func
from sqlalchemy.orm import Mapped, mapped_column
from datetime import datetime


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), nullable=False)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, onupdate=func.now())


class Unused:
    """Not a base of any mapped class: its columns are left alone."""

    created_at = Column(DateTime)
