from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker


def session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=create_engine(url))
