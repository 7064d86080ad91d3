import enum

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    String,
    Text,
    Time,
    Uuid,
)
from sqlalchemy.dialects import postgresql

from app.base import Base
from app.types import EncryptedText
from sqlalchemy.orm import Mapped, mapped_column
from decimal import Decimal
from datetime import date, datetime, time, timedelta
from uuid import UUID
from typing import Any


class Status(enum.Enum):
    DRAFT = "draft"
    LIVE = "live"


class Listing(Base):
    __tablename__ = "listings"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    body: Mapped[str | None] = mapped_column(Text)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2), nullable=False)
    ratio: Mapped[float | None] = mapped_column(Numeric(asdecimal=False))
    score: Mapped[float | None] = mapped_column(Float)
    live: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    status: Mapped[Status] = mapped_column(Enum(Status), nullable=False)
    kind: Mapped[str | None] = mapped_column(Enum("sale", "rent", name="listing_kind"))
    published_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    opens_at: Mapped[time | None] = mapped_column(Time)
    duration: Mapped[timedelta | None] = mapped_column(Interval)
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)
    public_id: Mapped[UUID] = mapped_column(Uuid, nullable=False)
    tags: Mapped[list[str] | None] = mapped_column(postgresql.ARRAY(String(30)))
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    secret: Mapped[Any | None] = mapped_column(EncryptedText)
    counter: Mapped[int | None] = mapped_column(Integer, server_default="0")
