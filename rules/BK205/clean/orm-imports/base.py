from sqlalchemy.ext.declarative import ConcreteBase, DeferredReflection
from sqlalchemy.orm import DeclarativeBase, declared_attr


class Base(DeclarativeBase):
    pass


class Reflected(DeferredReflection):
    __abstract__ = True


__all__ = ["Base", "ConcreteBase", "Reflected", "declared_attr"]
