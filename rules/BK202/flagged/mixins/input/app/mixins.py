from sqlalchemy import Column, DateTime, func


class Timestamps:
    created_at = Column(DateTime, server_default=func.now(), nullable=False)
    updated_at = Column(DateTime, onupdate=func.now())


class Unused:
    """Not a base of any mapped class: its columns are left alone."""

    created_at = Column(DateTime)
