from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, backref, mapped_column, relationship

from app.extensions import db


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    orders = relationship("Order", backref="customer")


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    lines = relationship("OrderLine", backref=backref("order", lazy="joined"))


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))


class Forum(db.Model):
    __tablename__ = "forums"

    id: Mapped[int] = mapped_column(db.Integer, primary_key=True)
    topics = db.relationship("Topic", backref=db.backref("forum"))


class Topic(db.Model):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(db.Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(db.Integer, db.ForeignKey("forums.id"), nullable=False)
