from sqlalchemy.orm import DeclarativeBase

from mixins import Serializable


class Audited:
    def __init__(self, **values):
        self.audited = True
        for key, value in values.items():
            setattr(self, key, value)


class Base(Audited, DeclarativeBase):
    pass


class Other(Serializable, DeclarativeBase):
    pass
