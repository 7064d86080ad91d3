"""Kinds the family records and asks about across modules, and branches of conditions.

A rule that cannot decide something in one file (is ``class User(Base)`` mapped? what is the
Python type of the column ``users.id`` that a ``ForeignKey`` points at?) reports one
diagnostic per possible answer, each carrying the conditions (:class:`Condition`) under which
that answer is the right one. The branches of one question exclude each other, so at most one of
them survives the project pass.

Besides real dotted names, facts use a few synthetic keys (they contain ``:``, which no dotted
name does):

* ``sqlalchemy-table:users`` derives from the classes mapped to table ``users``, so that
  ``sqlalchemy-table:users.id`` resolves to the column attribute ``app.models.User.id``;
* ``sqlalchemy-class:User`` derives from the mapped classes named ``User`` (string targets of
  ``relationship("User")`` are class names, not imports);
* ``sqlalchemy-mixin-of:app.mixins.Timestamps`` derives from every class that lists
  ``app.mixins.Timestamps`` among its bases, so that a mixin of a mapped class is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from backlint.diagnostics import Condition

DECLARATIVE = "sqlalchemy:declarative"
TYPE_MAP = "sqlalchemy:type-annotation-map"
FLASK_DB = "sqlalchemy:flask-sqlalchemy"
ENGINE = "sqlalchemy:engine"
SESSION = "sqlalchemy:session"
SESSION_FACTORY = "sqlalchemy:session-factory"
METADATA = "sqlalchemy:metadata"
REGISTRY = "sqlalchemy:registry"
PYTHON_ENUM = "python:enum"

_DECLARATIVE = frozenset({DECLARATIVE})

KNOWN_KINDS: dict[str, frozenset[str]] = {
    "sqlalchemy.orm.DeclarativeBase": _DECLARATIVE,
    "sqlalchemy.orm.DeclarativeBaseNoMeta": _DECLARATIVE,
    "sqlalchemy.orm.decl_api.DeclarativeBase": _DECLARATIVE,
    "sqlalchemy.orm.decl_api.DeclarativeBaseNoMeta": _DECLARATIVE,
    "sqlalchemy.orm.declarative_base()": _DECLARATIVE,
    "sqlalchemy.orm.decl_api.declarative_base()": _DECLARATIVE,
    "sqlalchemy.ext.declarative.declarative_base()": _DECLARATIVE,
    "sqlalchemy.orm.registry().generate_base()": _DECLARATIVE,
    "sqlalchemy.orm.decl_api.registry().generate_base()": _DECLARATIVE,
    "sqlalchemy.ext.automap.automap_base()": _DECLARATIVE,
    "flask_sqlalchemy.SQLAlchemy().Model": _DECLARATIVE,
    "flask_sqlalchemy.model.Model": _DECLARATIVE,
    "flask_sqlalchemy.SQLAlchemy()": frozenset({FLASK_DB}),
    "flask_sqlalchemy.extension.SQLAlchemy()": frozenset({FLASK_DB}),
    "sqlalchemy.create_engine()": frozenset({ENGINE}),
    "sqlalchemy.engine.create_engine()": frozenset({ENGINE}),
    "sqlalchemy.engine_from_config()": frozenset({ENGINE}),
    "sqlalchemy.engine.engine_from_config()": frozenset({ENGINE}),
    "sqlalchemy.orm.sessionmaker()": frozenset({SESSION_FACTORY}),
    "sqlalchemy.orm.session.sessionmaker()": frozenset({SESSION_FACTORY}),
    "sqlalchemy.orm.scoped_session()": frozenset({SESSION}),
    "sqlalchemy.orm.scoping.scoped_session()": frozenset({SESSION}),
    "sqlalchemy.orm.registry()": frozenset({REGISTRY}),
    "sqlalchemy.orm.decl_api.registry()": frozenset({REGISTRY}),
    "sqlalchemy.MetaData()": frozenset({METADATA}),
    "sqlalchemy.schema.MetaData()": frozenset({METADATA}),
    "sqlalchemy.sql.schema.MetaData()": frozenset({METADATA}),
    "enum.Enum": frozenset({PYTHON_ENUM}),
    "enum.IntEnum": frozenset({PYTHON_ENUM}),
    "enum.StrEnum": frozenset({PYTHON_ENUM}),
    "enum.Flag": frozenset({PYTHON_ENUM}),
    "enum.IntFlag": frozenset({PYTHON_ENUM}),
}


def pytype_kind(python: str) -> str:
    """A column whose values are of the Python type ``python`` (``int``, ``uuid.UUID``)."""
    return f"sqlalchemy:pytype={python}"


def table_kind(table: str) -> str:
    """A mapped class whose table is ``table``."""
    return f"sqlalchemy:table={table}"


def foreign_key_kind(table: str) -> str:
    """A mapped class with a foreign key column that references ``table``."""
    return f"sqlalchemy:fk-to={table}"


def module_kind(module: str) -> str:
    """A class-name key whose class is defined in ``module``."""
    return f"sqlalchemy:module={module}"


def table_key(table: str, column: str | None = None) -> str:
    return f"sqlalchemy-table:{table}" + (f".{column}" if column else "")


def class_key(name: str) -> str:
    return f"sqlalchemy-class:{name}"


def mixin_key(qualname: str) -> str:
    return f"sqlalchemy-mixin-of:{qualname}"


T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True, slots=True)
class Branch(Generic[T]):
    """One possible answer, right when every condition in ``requires`` holds."""

    requires: tuple[Condition, ...]
    value: T


def certain(value: T) -> list[Branch[T]]:
    return [Branch((), value)]


def exclusive(key: str, options: Sequence[tuple[str, T]], otherwise: T) -> list[Branch[T]]:
    """Branches on which one of ``options``' kinds ``key`` has.

    A branch holds when ``key`` has exactly that kind and none of the others; ``otherwise``
    holds when it has none of them. When it has several, no branch holds.
    """
    kinds = [kind for kind, _ in options]
    branches = [
        Branch(
            (
                Condition(key, kind),
                *(Condition(key, other, present=False) for other in kinds if other != kind),
            ),
            value,
        )
        for kind, value in options
    ]
    branches.append(
        Branch(tuple(Condition(key, kind, present=False) for kind in kinds), otherwise)
    )
    return branches


def combine(first: Iterable[Branch[T]], second: Iterable[Branch[U]]) -> list[Branch[tuple[T, U]]]:
    """Every pair of branches of two independent questions."""
    seconds = list(second)
    return [
        Branch(_merge(a.requires, b.requires), (a.value, b.value))
        for a in first
        for b in seconds
        if not _contradicts(a.requires, b.requires)
    ]


def _merge(a: tuple[Condition, ...], b: tuple[Condition, ...]) -> tuple[Condition, ...]:
    return tuple(dict.fromkeys((*a, *b)))


def _contradicts(a: tuple[Condition, ...], b: tuple[Condition, ...]) -> bool:
    wanted = {(c.qualname, c.kind): c.present for c in a}
    return any(wanted.get((c.qualname, c.kind), c.present) != c.present for c in b)
