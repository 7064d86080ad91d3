from sqlalchemy import MetaData, Table, create_engine, select, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("postgresql://localhost/app")
metadata = MetaData(schema="app")
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)
users = Table("users", metadata, autoload_with=engine)


def active_ids() -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT id FROM users WHERE active")).scalars())


def names(session: Session):
    return session.execute(select(users.c.id, users.c.name).where(users.c.active)).all()


def raw(session: Session):
    with engine.begin() as conn:
        conn.exec_driver_sql("VACUUM")
    return session.scalar(select(users.c.id).limit(1))
