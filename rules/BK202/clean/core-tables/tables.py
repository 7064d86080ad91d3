from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
)

addresses = Table(
    "addresses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id")),
)


class Repository:
    """A plain class that keeps Core columns around."""

    columns = [Column("extra", String)]
    email = users.c.name
