from sqlalchemy.ext.declarative import declarative_base, declared_attr as attr
from sqlalchemy.ext.declarative import AbstractConcreteBase, has_inherited_table

Base = declarative_base()


class Tablename:
    @attr
    def __tablename__(cls):
        return None if has_inherited_table(cls) else cls.__name__.lower()


class Animal(AbstractConcreteBase, Base):
    pass
