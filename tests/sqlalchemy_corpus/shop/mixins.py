from sqlalchemy import Boolean, Column, DateTime, Integer, func


class IdMixin:
    id = Column(Integer, primary_key=True)


class TimestampMixin:
    created_at = Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    updated_at = Column(DateTime(timezone=True), onupdate=func.now())


class SoftDeleteMixin:
    deleted_at = Column(DateTime)
    is_deleted = Column(Boolean, nullable=False, default=False, server_default="0")
