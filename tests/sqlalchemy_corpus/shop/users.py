import uuid

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Unicode,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import relationship

from shop.base import Base
from shop.enums import Role
from shop.mixins import IdMixin, SoftDeleteMixin, TimestampMixin
from shop.types import GUID, LowerCaseString

user_groups = Table(
    "user_groups",
    Base.metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("group_id", ForeignKey("groups.id"), primary_key=True),
)


class User(IdMixin, TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("email", name="uq_users_email_address"),
        Index("ix_users_full_name", "full_name"),
    )

    email = Column(String(255), nullable=False)
    username = Column(LowerCaseString, unique=True)
    full_name = Column(Unicode(200))
    bio = Column(Text)
    birthday = Column(Date)
    last_login = Column(DateTime)
    is_active = Column(Boolean, nullable=False, default=True)
    role = Column(Enum(Role), nullable=False, default=Role.CUSTOMER)
    public_id = Column(Uuid, default=uuid.uuid4, unique=True, nullable=False)
    legacy_id = Column(GUID())
    avatar = Column(LargeBinary)
    login_count = Column(Integer, server_default="0")

    profile = relationship("Profile", back_populates="user", uselist=False)
    addresses = relationship("Address", back_populates="user", cascade="all, delete-orphan")
    groups = relationship("Group", secondary=user_groups, back_populates="members")
    orders = relationship("Order", back_populates="customer", order_by="Order.placed_at")


class Profile(Base):
    __tablename__ = "profiles"

    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"), nullable=False, unique=True)
    website = Column(String(300))
    locale = Column(String(10), nullable=False, server_default="en")

    user = relationship("User", back_populates="profile")


class Address(IdMixin, Base):
    __tablename__ = "addresses"

    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    line1 = Column(String(200), nullable=False)
    line2 = Column(String(200))
    city = Column(String(100), nullable=False)
    postcode = Column("postal_code", String(20))
    country = Column(String(2), nullable=False, server_default="FR")

    user = relationship("User", back_populates="addresses")


class Group(Base):
    __tablename__ = "groups"

    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False, unique=True)

    members = relationship("User", secondary=user_groups, back_populates="groups")
