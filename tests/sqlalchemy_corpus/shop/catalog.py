from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import relationship
from sqlalchemy.types import TypeDecorator

from shop.base import Base
from shop.mixins import IdMixin, TimestampMixin


class Money(TypeDecorator[Decimal]):
    """An amount of money, in cents in the database."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else int(value * 100)

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value) / 100


product_tags = Table(
    "product_tags",
    Base.metadata,
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class Category(Base):
    __tablename__ = "categories"

    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("categories.id"))
    name = Column(String(100), nullable=False)
    position = Column(SmallInteger, nullable=False, server_default="0")

    children = relationship("Category", back_populates="parent")
    parent = relationship("Category", back_populates="children", remote_side=[id])
    products = relationship("Product", back_populates="category")


class Product(IdMixin, TimestampMixin, Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price_positive"),
        Index("ix_products_sku_name", "sku", "name"),
    )

    sku = Column(String(32), nullable=False, unique=True, index=True)
    name = Column(String(200), nullable=False)
    description = Column(Text)
    price = Column(Numeric(10, 2), nullable=False)
    cost = Column(Money)
    weight_kg = Column(Float)
    rating = Column(Float(precision=24))
    ratio = Column(Numeric(asdecimal=False))
    is_published = Column(Boolean, server_default="false")
    attributes = Column(JSON, nullable=False, default=dict)
    search_terms = Column(postgresql.ARRAY(String(50)))
    category_id = Column(ForeignKey("categories.id"), nullable=False)

    category = relationship("Category", back_populates="products")
    tags = relationship("Tag", secondary=product_tags, back_populates="products")
    images = relationship(
        "ProductImage", back_populates="product", order_by="ProductImage.position"
    )


class Tag(Base):
    __tablename__ = "tags"

    id = Column(Integer, primary_key=True)
    label = Column(String(50), nullable=False, unique=True)

    products = relationship("Product", secondary=product_tags, back_populates="tags")


class ProductImage(Base):
    __tablename__ = "product_images"

    id = Column(BigInteger, primary_key=True)
    product_id = Column(ForeignKey("products.id"), nullable=False)
    url = Column(String(500), nullable=False)
    position = Column(Integer, nullable=False, default=0)
    metadata_ = Column("metadata", postgresql.JSONB)

    product = relationship("Product", back_populates="images")


class PriceHistory(Base):
    __tablename__ = "price_history"

    product_id = Column(Integer, ForeignKey("products.id"), primary_key=True)
    valid_from = Column(Integer, primary_key=True, autoincrement=False)
    price = Column(Numeric(10, 2), nullable=False)

    product = relationship("Product")
