from sqlalchemy import Column, DateTime, Float, ForeignKey, Integer, MetaData, String, Table
from sqlalchemy.orm import relationship

from shop.base import Base

audit_metadata = MetaData(schema="audit")

stock_movements = Table(
    "stock_movements",
    audit_metadata,
    Column("id", Integer, primary_key=True),
    Column("quantity", Integer, nullable=False),
    Column("moved_at", DateTime),
)


class Warehouse(Base):
    __tablename__ = "warehouses"
    __table_args__ = {"schema": "inventory"}  # noqa: RUF012

    code = Column(String(8), primary_key=True)
    name = Column(String(100), nullable=False)
    latitude = Column(Float)
    longitude = Column(Float)

    stock = relationship("StockItem", back_populates="warehouse")


class Supplier(Base):
    __tablename__ = "suppliers"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)

    items = relationship("StockItem", back_populates="supplier")


class StockItem(Base):
    __tablename__ = "stock_items"

    id = Column(Integer, primary_key=True)
    warehouse_code = Column(ForeignKey("inventory.warehouses.code"), nullable=False)
    product_id = Column(ForeignKey("products.id"), nullable=False)
    supplier_id = Column(Integer, ForeignKey("suppliers.id"))
    quantity = Column(Integer, nullable=False, default=0)
    reorder_level = Column(Integer)

    warehouse = relationship("Warehouse", back_populates="stock")
    supplier = relationship("Supplier", back_populates="items")
    product = relationship("Product")
