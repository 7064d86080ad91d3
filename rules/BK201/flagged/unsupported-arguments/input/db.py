from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base

engine = create_engine("sqlite://")
Base = declarative_base(bind=engine)


def constructor(self, **kwargs):
    self.__dict__.update(kwargs)


Custom = declarative_base(constructor=constructor)
