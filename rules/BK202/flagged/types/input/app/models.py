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


class Status(enum.Enum):
    DRAFT = "draft"
    LIVE = "live"


class Listing(Base):
    __tablename__ = "listings"

    id = Column(BigInteger, primary_key=True)
    title = Column(String(120), nullable=False)
    body = Column(Text)
    price = Column(Numeric(10, 2), nullable=False)
    ratio = Column(Numeric(asdecimal=False))
    score = Column(Float)
    live = Column(Boolean, nullable=False, default=False)
    status = Column(Enum(Status), nullable=False)
    kind = Column(Enum("sale", "rent", name="listing_kind"))
    published_on = Column(Date)
    updated_at = Column(DateTime(timezone=True))
    opens_at = Column(Time)
    duration = Column(Interval)
    photo = Column(LargeBinary)
    public_id = Column(Uuid, nullable=False)
    tags = Column(postgresql.ARRAY(String(30)))
    extra = Column(JSON)
    secret = Column(EncryptedText)
    counter = Column(Integer, server_default="0")
