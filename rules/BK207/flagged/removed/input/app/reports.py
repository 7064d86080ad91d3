from sqlalchemy import Table, case, select, text
from sqlalchemy.engine import Engine

from app.db import Session, engine, metadata

users = Table("users", metadata, autoload=True)


def active_ids():
    return engine.execute("SELECT id FROM users WHERE active").fetchall()


def count(bind: Engine) -> int:
    return bind.scalar(select(users.c.id).where(users.c.active).count())


def names():
    stmt = select([users.c.id, users.c.name], users.c.active == True)  # noqa: E712
    return Session.execute(stmt).all()


def labels():
    return select(case([(users.c.active == True, "on")], else_="off"))  # noqa: E712


def touch():
    with engine.connect() as conn:
        conn.execute("UPDATE users SET seen = now()")
        conn.execution_options(autocommit=True).execute(text("VACUUM"))


def implicit():
    return select(users.c.id).execute().fetchall()


def cleanup():
    Session.execute("DELETE FROM sessions")
    metadata.bind = None
