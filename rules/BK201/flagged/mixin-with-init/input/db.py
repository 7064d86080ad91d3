from sqlalchemy.orm import declarative_base

from mixins import Serializable


class Audited:
    def __init__(self, **values):
        self.audited = True
        for key, value in values.items():
            setattr(self, key, value)


Base = declarative_base(cls=Audited)
Other = declarative_base(cls=Serializable)
