from sqlalchemy.orm import DeclarativeBase, declared_attr as attr
from sqlalchemy.ext.declarative import AbstractConcreteBase
from sqlalchemy.orm import has_inherited_table


class Base(DeclarativeBase):
    pass


class Tablename:
    @attr
    def __tablename__(cls):
        return None if has_inherited_table(cls) else cls.__name__.lower()


class Animal(AbstractConcreteBase, Base):
    pass
