from __future__ import annotations

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy import orm

from shop.base import Base


class Channel(enum.Enum):
    EMAIL = 1
    SMS = 2


class Coupon(Base):
    __tablename__ = "coupons"

    code = sa.Column(sa.String(24), primary_key=True)
    percent_off = sa.Column(sa.Numeric(5, 2))
    amount_off = sa.Column(sa.Numeric)
    starts_at = sa.Column(sa.DateTime(timezone=True), nullable=False)
    expires_at = sa.Column(sa.DateTime(timezone=True))
    max_uses = sa.Column(sa.Integer, nullable=True)
    active = sa.Column(sa.Boolean, nullable=False, server_default=sa.true())
    channel = sa.Column(sa.Enum(Channel))

    redemptions = orm.relationship("CouponRedemption", back_populates="coupon")


class CouponRedemption(Base):
    __tablename__ = "coupon_redemptions"

    id = sa.Column(sa.Integer, primary_key=True)
    coupon_code = sa.Column(sa.ForeignKey("coupons.code"), nullable=False)
    order_id = sa.Column(sa.ForeignKey("orders.id"))
    redeemed_at = sa.Column(sa.DateTime, server_default=sa.func.now())

    coupon = orm.relationship("Coupon", back_populates="redemptions")
    order = orm.relationship("Order")


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        sa.UniqueConstraint("author_id", "product_id"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    author_id = sa.Column(sa.ForeignKey("users.id"), nullable=False)
    product_id = sa.Column(sa.ForeignKey("products.id"), nullable=False)
    rating = sa.Column(sa.SmallInteger, nullable=False)
    title = sa.Column(sa.String(120))
    body = sa.Column(sa.Text)

    author = orm.relationship("User")
    product = orm.relationship("Product")


class Wishlist(Base):
    __tablename__ = "wishlists"

    id = sa.Column(sa.Integer, primary_key=True)
    owner_id = sa.Column(sa.ForeignKey("users.id"), unique=True, nullable=False)
    name = sa.Column(sa.String(60), nullable=False, server_default="Wishlist")

    items = orm.relationship("WishlistItem", back_populates="wishlist", collection_class=set)


class WishlistItem(Base):
    __tablename__ = "wishlist_items"

    wishlist_id = sa.Column(sa.ForeignKey("wishlists.id"), primary_key=True)
    product_id = sa.Column(sa.ForeignKey("products.id"), primary_key=True)
    added_on = sa.Column(sa.Date, default=date.today)
    note = sa.Column(sa.String(200))

    wishlist = orm.relationship("Wishlist", back_populates="items")
    product = orm.relationship("Product")


class DailyStat(Base):
    __tablename__ = "daily_stats"

    id = sa.Column(sa.Integer, primary_key=True)
    date = sa.Column(sa.Date, nullable=False, unique=True)
    time = sa.Column(sa.Time)
    visits = sa.Column(sa.BigInteger, nullable=False, server_default="0")
    revenue = sa.Column(sa.Numeric(14, 2))


class Setting(Base):
    __tablename__ = "settings"

    key = sa.Column(sa.String(64), primary_key=True)
    value = sa.Column(sa.JSON)
    secret = sa.Column(sa.LargeBinary(256))
    checksum = sa.Column(sa.CHAR(64))
    updated = sa.Column(sa.TIMESTAMP(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP"))


class ApiToken(Base):
    __tablename__ = "api_tokens"

    token = sa.Column(sa.Uuid(as_uuid=False), primary_key=True)
    user_id = sa.Column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    scopes = sa.Column(sa.Enum("read", "write", "admin", name="token_scope"), nullable=False)
    ttl = sa.Column(sa.Interval, nullable=False)
    last_used_ip = sa.Column(sa.String(45))

    user = orm.relationship("User", backref=orm.backref("api_tokens", lazy="dynamic"))
