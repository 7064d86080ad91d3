"""The SQL type -> Python type table agrees with the installed SQLAlchemy."""

from __future__ import annotations

import datetime
import decimal
import importlib
import inspect
import uuid

import pytest
import sqlalchemy
from sqlalchemy.dialects import mysql, postgresql
from sqlalchemy.orm import mapped_column
from sqlalchemy.sql import sqltypes

from backlint.rules.sqlalchemy.model import MAPPED_COLUMN_OPERATIONS
from backlint.rules.sqlalchemy.types import DIALECTS, GENERIC, PYTHON_TYPES, TypeEntry, entry_for

PYTHON = {
    "int": int,
    "str": str,
    "bool": bool,
    "float": float,
    "bytes": bytes,
    "decimal.Decimal": decimal.Decimal,
    "datetime.datetime": datetime.datetime,
    "datetime.date": datetime.date,
    "datetime.time": datetime.time,
    "datetime.timedelta": datetime.timedelta,
    "uuid.UUID": uuid.UUID,
}


def _sqlalchemy_type(namespace: str, name: str) -> type:
    module = (
        sqlalchemy
        if namespace == "sqlalchemy"
        else importlib.import_module(f"sqlalchemy.dialects.{namespace}")
    )
    found = getattr(module, name)
    assert inspect.isclass(found)
    return found


def _entries() -> list[tuple[str, str, TypeEntry]]:
    found = [("sqlalchemy", name, entry) for name, entry in GENERIC.items()]
    found.extend(
        (dialect, name, entry)
        for dialect, table in DIALECTS.items()
        for name, entry in table.items()
    )
    return found


def test_python_types_name_real_types() -> None:
    assert set(PYTHON_TYPES) == set(PYTHON)
    for dotted, (module, name) in PYTHON_TYPES.items():
        target = (
            __import__("builtins") if module == "builtins" else importlib.import_module(module)
        )
        assert getattr(target, name) is PYTHON[dotted]


@pytest.mark.parametrize(
    ("namespace", "name", "entry"), _entries(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_entry_matches_python_type(namespace: str, name: str, entry: TypeEntry) -> None:
    kind = _sqlalchemy_type(namespace, name)
    if entry.family in ("enum", "array", "json", "unknown"):
        return
    assert entry.python is not None
    assert kind().python_type is PYTHON[entry.python]


@pytest.mark.parametrize("name", [n for n, e in GENERIC.items() if e.droppable])
def test_droppable_types_are_what_the_default_type_map_derives(name: str) -> None:
    entry = GENERIC[name]
    kind = _sqlalchemy_type("sqlalchemy", name)
    if entry.family == "enum":
        derived = sqltypes._type_map[__import__("enum").Enum]
    else:
        assert entry.python is not None
        derived = sqltypes._type_map[PYTHON[entry.python]]
    assert type(derived) is kind


def test_float_is_not_droppable_because_the_type_map_derives_double() -> None:
    assert not GENERIC["Float"].droppable
    assert type(sqltypes._type_map[float]) is not sqlalchemy.Float


@pytest.mark.parametrize(
    ("sql", "python"),
    [
        (sqlalchemy.Numeric(asdecimal=False), float),
        (sqlalchemy.Float(asdecimal=True), decimal.Decimal),
        (sqlalchemy.Uuid(as_uuid=False), str),
        (mysql.DOUBLE(asdecimal=False), float),
    ],
)
def test_switching_arguments_change_the_python_type_as_the_table_says(
    sql: sqlalchemy.types.TypeEngine[object], python: type
) -> None:
    assert sql.python_type is python


def test_dialect_names_fall_back_to_the_generic_type_they_reexport() -> None:
    assert entry_for("postgresql.INTEGER") is GENERIC["INTEGER"]
    assert postgresql.INTEGER is sqlalchemy.INTEGER
    assert entry_for("postgresql.Integer") is None
    assert entry_for("mysql.DOUBLE") is DIALECTS["mysql"]["DOUBLE"]


@pytest.mark.parametrize("name", sorted(MAPPED_COLUMN_OPERATIONS))
def test_operations_kept_on_converted_columns_exist_on_mapped_column(name: str) -> None:
    column = mapped_column(sqlalchemy.String)
    assert callable(getattr(column, name))
    assert callable(getattr(sqlalchemy.Column(sqlalchemy.String), name))


def test_label_is_not_among_them_because_mapped_column_lacks_it() -> None:
    assert "label" not in MAPPED_COLUMN_OPERATIONS
    with pytest.raises(NotImplementedError):
        mapped_column(sqlalchemy.Integer).label("x")
