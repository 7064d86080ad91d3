import psycopg2
from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from .config import settings

engine = create_engine(settings.database_url, module=psycopg2)
SessionLocal = sessionmaker(bind=engine)


class Base(DeclarativeBase):
    pass
