import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Integer,
    Interval,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import relationship

from shop.base import Base
from shop.enums import OrderStatus
from shop.mixins import TimestampMixin


class Order(TimestampMixin, Base):
    __tablename__ = "orders"

    id = Column(BigInteger, Identity(), primary_key=True)
    number = Column(String(20), nullable=False, unique=True)
    customer_id = Column(ForeignKey("users.id"), nullable=False, index=True)
    shipping_address_id = Column(ForeignKey("addresses.id"))
    status = Column(
        Enum(OrderStatus, name="order_status", native_enum=True),
        nullable=False,
        default=OrderStatus.PENDING,
    )
    channel = Column(Enum("web", "store", "phone", name="order_channel"), server_default="web")
    total = Column(Numeric(12, 2), nullable=False, server_default="0")
    placed_at = Column(DateTime(timezone=True), server_default=func.now())
    notes = Column(String)

    customer = relationship("User", back_populates="orders")
    shipping_address = relationship("Address")
    lines = relationship("OrderLine", back_populates="order", cascade="all, delete-orphan")
    payment = relationship("Payment", back_populates="order", uselist=False)
    shipments = relationship("Shipment", back_populates="order", lazy="dynamic")


class OrderLine(Base):
    __tablename__ = "order_lines"

    order_id = Column(ForeignKey("orders.id"), primary_key=True)
    product_id = Column(ForeignKey("products.id"), primary_key=True)
    quantity = Column(Integer, nullable=False, default=1)
    unit_price = Column(Numeric(10, 2), nullable=False)

    order = relationship("Order", back_populates="lines")
    product = relationship("Product")


class Payment(Base):
    __tablename__ = "payments"

    id = Column(UUID(as_uuid=True), primary_key=True)
    order_id = Column(ForeignKey("orders.id"), unique=True)
    provider = Column(String(30), nullable=False)
    reference = Column(String(100))
    amount = Column(Numeric(12, 2), nullable=False)
    captured_at = Column(DateTime)

    order = relationship("Order", back_populates="payment")


class Shipment(Base):
    __tablename__ = "shipments"

    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"), nullable=False)
    carrier = Column(String(40))
    tracking_code = Column(String(64), unique=True)
    delivery_window = Column(Interval)
    cutoff = Column(Time)

    order = relationship("Order", back_populates="shipments")


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        PrimaryKeyConstraint("series", "number"),
        UniqueConstraint("order_id", name="uq_invoice_order"),
    )

    series = Column(String(4))
    number = Column(Integer)
    order_id = Column(ForeignKey("orders.id"), nullable=False)
    issued_on = Column(DateTime, default=datetime.datetime.utcnow)

    order = relationship("Order")


class CreditNote(Base):
    __tablename__ = "credit_notes"
    __table_args__ = (
        ForeignKeyConstraint(
            ["invoice_series", "invoice_number"], ["invoices.series", "invoices.number"]
        ),
    )

    id = Column(Integer, primary_key=True)
    invoice_series = Column(String(4), nullable=False)
    invoice_number = Column(Integer, nullable=False)
    amount = Column(Numeric(12, 2), nullable=False)

    invoice = relationship("Invoice")
