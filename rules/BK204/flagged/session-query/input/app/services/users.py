from sqlalchemy.orm import Session, joinedload

from app.database import SessionLocal
from app.models.user import User


def get_user(db: Session, user_id: int) -> User | None:
    return db.query(User).get(user_id)


def find(db: Session, email: str) -> User | None:
    return db.query(User).filter(User.email == email).first()


def everyone(db: Session) -> list[User]:
    return db.query(User).options(joinedload(User.team)).order_by(User.id).all()


def emails() -> list[tuple[str]]:
    session = SessionLocal()
    return session.query(User.email).filter_by(team_id=None).all()


def count(session) -> int:
    return session.query(User).count()


def purge(db: Session, team: int) -> None:
    db.query(User).filter(User.team_id == team).delete()
    db.query(User).filter(User.id > 10).update({"team_id": None}, synchronize_session=False)


def chained(db: Session):
    query = db.query(User)
    return query.join(User.team).from_self()
