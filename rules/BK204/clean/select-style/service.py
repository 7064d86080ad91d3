from sqlalchemy import select
from sqlalchemy.orm import Session

from models import User


def find(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email).limit(1)).first()
