from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from appname.domain.models import Email, User
from appname.infrastructure.db.models import UserRow


class SqlUserStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def find(self, email: Email) -> User | None:
        with self.sessions() as session:
            row = session.scalar(select(UserRow).where(UserRow.email == email.value))
        return User(row.id, email) if row else None

    def add(self, email: Email) -> User:
        with self.sessions.begin() as session:
            row = UserRow(email=email.value)
            session.add(row)
            session.flush()
            return User(row.id, email)
