"""A stand-in for Flask-SQLAlchemy: the names of `db` that the blog models use.

Like the real extension, `db.Model` is a declarative base made by `declarative_base()`,
`db.Table(name, *columns)` creates a table in `db.metadata`, and other attributes of `db`
are those of `sqlalchemy` and `sqlalchemy.orm`.
"""

from typing import Any

import sqlalchemy
import sqlalchemy.orm


class SQLAlchemy:
    def __init__(self) -> None:
        self.Model: Any = sqlalchemy.orm.declarative_base(name="Model")
        self.metadata: sqlalchemy.MetaData = self.Model.metadata

    def Table(self, name: str, *args: Any, **kwargs: Any) -> sqlalchemy.Table:
        return sqlalchemy.Table(name, self.metadata, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        for module in (sqlalchemy, sqlalchemy.orm):
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(name)
