from sqlalchemy import create_engine
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import sessionmaker

from app.core.config import settings

engine = create_engine(settings.database_url, pool_pre_ping=True)
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)
Base = declarative_base()


def check_connection() -> bool:
    return engine.execute("SELECT 1").scalar() == 1


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
