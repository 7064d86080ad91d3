from sqlalchemy import Column, Date, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from shop.base import Base


class Employee(Base):
    __tablename__ = "employees"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    kind = Column(String(20), nullable=False)
    hired_on = Column(Date)
    manager_id = Column(ForeignKey("managers.id"))

    manager = relationship("Manager", back_populates="reports", foreign_keys=[manager_id])

    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "employee"}  # noqa: RUF012


class Manager(Employee):
    __tablename__ = "managers"

    id = Column(ForeignKey("employees.id"), primary_key=True)
    budget = Column(Integer)

    reports = relationship(
        "Employee", back_populates="manager", foreign_keys="Employee.manager_id"
    )

    __mapper_args__ = {  # noqa: RUF012
        "polymorphic_identity": "manager",
        "inherit_condition": id == Employee.id,
    }


class Engineer(Employee):
    language = Column(String(30))

    __mapper_args__ = {"polymorphic_identity": "engineer"}  # noqa: RUF012
