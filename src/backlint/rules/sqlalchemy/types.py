"""SQL type -> Python type, as data, and what a column's type expression gives.

The table follows SQLAlchemy's own ``TypeEngine.python_type`` (checked against the installed
SQLAlchemy by the test suite). ``droppable`` marks the generic types that SQLAlchemy 2's
default type map derives from the Python type alone, so that leaving them out of
``mapped_column()`` cannot change the DDL: ``Float`` is not among them (SQLAlchemy 2.1 maps
``float`` to ``Double``), nor is anything with arguments (lengths, precision, time zones).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from backlint.diagnostics import Condition
from backlint.rules.sqlalchemy.kinds import PYTHON_ENUM, Branch, certain
from backlint.rules.sqlalchemy.names import Names

# Python types by their dotted names, with the module and name to spell them with.
PYTHON_TYPES: dict[str, tuple[str, str]] = {
    "int": ("builtins", "int"),
    "str": ("builtins", "str"),
    "bool": ("builtins", "bool"),
    "float": ("builtins", "float"),
    "bytes": ("builtins", "bytes"),
    "decimal.Decimal": ("decimal", "Decimal"),
    "datetime.datetime": ("datetime", "datetime"),
    "datetime.date": ("datetime", "date"),
    "datetime.time": ("datetime", "time"),
    "datetime.timedelta": ("datetime", "timedelta"),
    "uuid.UUID": ("uuid", "UUID"),
}


@dataclass(frozen=True, slots=True)
class TypeEntry:
    """One SQL type: the Python type of its values, and how its arguments change that.

    ``family``: ``plain`` (arguments never change the Python type), ``float`` /
    ``numeric`` (``asdecimal``, at positional index ``asdecimal_at``, chooses ``Decimal``),
    ``uuid`` (``as_uuid=False`` gives ``str``), ``enum``, ``array``, ``json``.
    """

    python: str | None
    family: str = "plain"
    droppable: bool = False
    asdecimal_at: int = -1


def _plain(python: str, droppable: bool = False) -> TypeEntry:
    return TypeEntry(python, droppable=droppable)


_INT, _STR, _BYTES = _plain("int"), _plain("str"), _plain("bytes")
_DATETIME, _DATE, _TIME = (
    _plain("datetime.datetime"),
    _plain("datetime.date"),
    _plain("datetime.time"),
)
_FLOAT = TypeEntry("float", "float", asdecimal_at=1)
_NUMERIC = TypeEntry("decimal.Decimal", "numeric", asdecimal_at=3)
_UUID = TypeEntry("uuid.UUID", "uuid")
_ENUM = TypeEntry(None, "enum")
_ARRAY = TypeEntry(None, "array")
_JSON = TypeEntry(None, "json")

GENERIC: dict[str, TypeEntry] = {
    "Integer": _plain("int", droppable=True),
    "SmallInteger": _INT,
    "BigInteger": _INT,
    "INTEGER": _INT,
    "INT": _INT,
    "SMALLINT": _INT,
    "BIGINT": _INT,
    "String": _plain("str", droppable=True),
    "Text": _STR,
    "Unicode": _STR,
    "UnicodeText": _STR,
    "VARCHAR": _STR,
    "NVARCHAR": _STR,
    "CHAR": _STR,
    "NCHAR": _STR,
    "TEXT": _STR,
    "CLOB": _STR,
    "Boolean": _plain("bool", droppable=True),
    "BOOLEAN": _plain("bool"),
    "Float": _FLOAT,
    "Double": _FLOAT,
    "FLOAT": _FLOAT,
    "REAL": _FLOAT,
    "DOUBLE": _FLOAT,
    "DOUBLE_PRECISION": _FLOAT,
    "Numeric": TypeEntry("decimal.Decimal", "numeric", droppable=True, asdecimal_at=3),
    "NUMERIC": _NUMERIC,
    "DECIMAL": _NUMERIC,
    "DateTime": _plain("datetime.datetime", droppable=True),
    "DATETIME": _DATETIME,
    "TIMESTAMP": _DATETIME,
    "Date": _plain("datetime.date", droppable=True),
    "DATE": _DATE,
    "Time": _plain("datetime.time", droppable=True),
    "TIME": _TIME,
    "Interval": _plain("datetime.timedelta", droppable=True),
    "LargeBinary": _plain("bytes", droppable=True),
    "BINARY": _BYTES,
    "VARBINARY": _BYTES,
    "BLOB": _BYTES,
    "Uuid": TypeEntry("uuid.UUID", "uuid", droppable=True),
    "UUID": _UUID,
    "Enum": TypeEntry(None, "enum", droppable=True),
    "ARRAY": _ARRAY,
    "JSON": _JSON,
}

# Dialect types whose Python type is certain whatever the driver; a dialect name missing
# here falls back to the generic type of the same name (the dialects re-export them).
DIALECTS: dict[str, dict[str, TypeEntry]] = {
    "postgresql": {
        "ARRAY": _ARRAY,
        "BYTEA": _BYTES,
        "CITEXT": _STR,
        "ENUM": _ENUM,
        "INTERVAL": _plain("datetime.timedelta"),
        "JSON": _JSON,
        "JSONB": _JSON,
        "TIME": _TIME,
        "TIMESTAMP": _DATETIME,
        "UUID": _UUID,
        "DOUBLE_PRECISION": _FLOAT,
    },
    "mysql": {
        "BIGINT": _INT,
        "CHAR": _STR,
        "DATETIME": _DATETIME,
        "DECIMAL": _NUMERIC,
        "DOUBLE": TypeEntry("decimal.Decimal", "numeric", asdecimal_at=2),
        "REAL": TypeEntry("decimal.Decimal", "numeric", asdecimal_at=2),
        "FLOAT": TypeEntry("float", "float", asdecimal_at=2),
        "INTEGER": _INT,
        "MEDIUMINT": _INT,
        "SMALLINT": _INT,
        "TINYINT": _INT,
        "NUMERIC": _NUMERIC,
        "LONGBLOB": _BYTES,
        "MEDIUMBLOB": _BYTES,
        "TINYBLOB": _BYTES,
        "LONGTEXT": _STR,
        "MEDIUMTEXT": _STR,
        "TINYTEXT": _STR,
        "TEXT": _STR,
        "NCHAR": _STR,
        "NVARCHAR": _STR,
        "VARCHAR": _STR,
        "TIME": _TIME,
        "TIMESTAMP": _DATETIME,
        "ENUM": _ENUM,
        "JSON": _JSON,
        "BIT": TypeEntry(None, "unknown"),
        "SET": TypeEntry(None, "unknown"),
        "YEAR": TypeEntry(None, "unknown"),
    },
    "sqlite": {"DATE": _DATE, "DATETIME": _DATETIME, "TIME": _TIME, "JSON": _JSON},
    "mssql": {
        "BIT": _plain("bool"),
        "DATETIME2": _DATETIME,
        "DATETIMEOFFSET": _DATETIME,
        "SMALLDATETIME": _DATETIME,
        "DOUBLE_PRECISION": _FLOAT,
        "REAL": _FLOAT,
        "IMAGE": _BYTES,
        "ROWVERSION": _BYTES,
        "TIMESTAMP": _BYTES,
        "VARBINARY": _BYTES,
        "NTEXT": _STR,
        "XML": _STR,
        "TIME": _TIME,
        "TINYINT": _INT,
        "UNIQUEIDENTIFIER": _UUID,
        "JSON": _JSON,
    },
    "oracle": {
        "BINARY_DOUBLE": _FLOAT,
        "BINARY_FLOAT": _FLOAT,
        "DATE": _DATETIME,
        "FLOAT": _FLOAT,
        "INTERVAL": _plain("datetime.timedelta"),
        "LONG": _STR,
        "NCLOB": _STR,
        "NVARCHAR2": _STR,
        "VARCHAR2": _STR,
        "RAW": _BYTES,
        "TIMESTAMP": _DATETIME,
        "NUMBER": TypeEntry(None, "unknown"),
    },
}

# SQLAlchemy names that may stand where a Column's type does but are not types.
NOT_TYPES = frozenset(
    {
        "ForeignKey",
        "Sequence",
        "Identity",
        "Computed",
        "CheckConstraint",
        "FetchedValue",
        "DefaultClause",
        "UniqueConstraint",
        "PrimaryKeyConstraint",
        "ForeignKeyConstraint",
        "Index",
    }
)


def entry_for(name: str) -> TypeEntry | None:
    """The table entry of a canonical name (``sqlalchemy.String``, ``postgresql.JSONB``)."""
    namespace, _, last = name.rpartition(".")
    if namespace == "sqlalchemy":
        return GENERIC.get(last)
    dialect = DIALECTS.get(namespace)
    if dialect is None:
        return None
    return dialect.get(last) or (GENERIC.get(last) if last.isupper() else None)


def is_sql_type_name(name: str) -> bool:
    namespace, _, last = name.rpartition(".")
    if namespace == "sqlalchemy" and last in NOT_TYPES:
        return False
    return namespace in DIALECTS or (namespace == "sqlalchemy" and last[:1].isupper())


# -- Python types as the annotation will spell them --------------------------------------------


@dataclass(frozen=True, slots=True)
class PyType:
    """A Python type to write in an annotation.

    ``dotted`` names a type of :data:`PYTHON_TYPES` (or ``typing.Any``); ``source`` is an
    expression copied from the file (an enum class as written); ``origin`` with ``args``
    builds ``list[...]`` or ``dict[...]``.
    """

    dotted: str | None = None
    source: str | None = None
    origin: str | None = None
    args: tuple[PyType, ...] = ()


ANY = PyType("typing.Any")


@dataclass(frozen=True, slots=True)
class ColumnType:
    """What a column's SQL type says about its Python type.

    ``reason`` (set when the type is not certain) says why, for the unsafe fix's message;
    ``fact`` is the dotted Python type recorded for foreign keys pointing at this column.
    """

    python: PyType
    reason: str | None = None
    droppable: bool = False
    fact: str | None = None

    @property
    def certain(self) -> bool:
        return self.reason is None


def simple(dotted: str, droppable: bool = False) -> ColumnType:
    return ColumnType(PyType(dotted), droppable=droppable, fact=dotted)


def unknown(reason: str, best: PyType = ANY) -> ColumnType:
    return ColumnType(best, reason=reason)


def _literal_bool(node: cst.BaseExpression) -> bool | None:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None


def _keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _positional(call: cst.Call) -> list[cst.Arg]:
    return [a for a in call.args if a.keyword is None]


def evaluate(node: cst.BaseExpression, names: Names) -> list[Branch[ColumnType]]:
    """The Python type of a SQL type expression (``String(50)``, ``Integer``, ``Enum(Kind)``),
    as branches when it depends on facts of other modules."""
    call = node if isinstance(node, cst.Call) else None
    callee = call.func if call is not None else node
    found = names.sa(callee)
    code = names.file.code_for(node)
    if found is None or not is_sql_type_name(found.name):
        return certain(_custom(callee, code, names))
    if len(found.requires) == 1:
        # `x.String` is SQLAlchemy's through a Flask-SQLAlchemy `x`, else a type of `x`.
        condition = found.requires[0]
        negated = Condition(condition.qualname, condition.kind, not condition.present)
        sqlalchemy = evaluate_entry(found.name, call, code, names)
        return [
            *_under(found.requires, sqlalchemy),
            Branch((negated,), _custom(callee, code, names)),
        ]
    return _under(found.requires, evaluate_entry(found.name, call, code, names))


def evaluate_entry(
    name: str, call: cst.Call | None, code: str, names: Names
) -> list[Branch[ColumnType]]:
    """The Python type of a use of SQLAlchemy's type ``name``."""
    entry = entry_for(name)
    if entry is None:
        short = name.rpartition(".")[2]
        reason = f"the Python type of `{short}` values depends on the database driver"
        return certain(unknown(reason))
    bare = call is None or not call.args or entry.family == "enum"
    droppable = entry.droppable and bare and name.startswith("sqlalchemy.")
    return _by_family(entry, call, droppable, code, names)


def _under(
    requires: tuple[Condition, ...], branches: list[Branch[ColumnType]]
) -> list[Branch[ColumnType]]:
    if not requires:
        return branches
    return [Branch((*requires, *b.requires), b.value) for b in branches]


def _by_family(
    entry: TypeEntry, call: cst.Call | None, droppable: bool, code: str, names: Names
) -> list[Branch[ColumnType]]:
    family = entry.family
    if family == "plain" and entry.python is not None:
        return certain(simple(entry.python, droppable))
    if family in ("float", "numeric", "uuid") and entry.python is not None:
        return certain(_switched(entry, call, droppable, code))
    if family == "enum":
        return _enum(call, droppable, names)
    if family == "array":
        return _array(call, names)
    if family == "json":
        reason = (
            "a JSON column can hold any JSON value; `dict[str, Any]` assumes JSON objects "
            "(use `Any` if it holds lists or scalars)"
        )
        return certain(unknown(reason, PyType(origin="dict", args=(PyType("str"), ANY))))
    return certain(unknown(f"the Python type of `{code}` values depends on the database driver"))


def _switched(entry: TypeEntry, call: cst.Call | None, droppable: bool, code: str) -> ColumnType:
    """Types whose Python type one boolean argument switches (``asdecimal``, ``as_uuid``)."""
    if entry.family == "uuid":
        keyword, index, default = "as_uuid", 0, True
        chosen, other = "uuid.UUID", "str"
    else:
        keyword, index = "asdecimal", entry.asdecimal_at
        default = entry.python == "decimal.Decimal"
        chosen, other = "decimal.Decimal", "float"
    value: bool | None = default
    if call is not None:
        argument = _keyword(call, keyword)
        positional = _positional(call)
        if argument is None and len(positional) > index:
            argument = positional[index]
        if argument is not None:
            value = _literal_bool(argument.value)
        if any(a.star for a in call.args):
            value = None
    if value is None:
        guess = chosen if default else other
        return unknown(f"`{keyword}` of `{code}` is not a literal", PyType(guess))
    return simple(chosen if value else other, droppable and value == default)


def _enum(call: cst.Call | None, droppable: bool, names: Names) -> list[Branch[ColumnType]]:
    if call is None:
        return certain(unknown("`Enum` without arguments"))
    positional = _positional(call)
    if not positional:
        return certain(unknown("`Enum` without values"))
    if any(a.star for a in positional):
        return certain(unknown("the values of this `Enum` are not written out", PyType("str")))
    if all(isinstance(a.value, (cst.SimpleString, cst.ConcatenatedString)) for a in positional):
        return certain(simple("str"))
    if len(positional) > 1:
        return certain(unknown("the values of this `Enum` are not literals", PyType("str")))
    value = positional[0].value
    source = names.file.code_for(value)
    qualified = names.file.qualify(value)
    as_class = ColumnType(PyType(source=source), droppable=droppable and len(call.args) == 1)
    guess = PyType(source=source) if source.rpartition(".")[2][:1].isupper() else PyType("str")
    doubtful = unknown(f"`{source}` could not be confirmed to be an `enum.Enum` class", guess)
    decided = names.decide(qualified, PYTHON_ENUM) if qualified else False
    if decided:
        return certain(as_class)
    if decided is None and qualified is not None:
        return [
            Branch((Condition(qualified, PYTHON_ENUM),), ColumnType(PyType(source=source))),
            Branch((Condition(qualified, PYTHON_ENUM, present=False),), doubtful),
        ]
    return certain(doubtful)


def _array(call: cst.Call | None, names: Names) -> list[Branch[ColumnType]]:
    if call is None or not _positional(call):
        return certain(unknown("`ARRAY` without an item type", PyType(origin="list", args=(ANY,))))
    item = _positional(call)[0].value
    dimensions = _keyword(call, "dimensions")
    as_tuple = _keyword(call, "as_tuple")
    flat = dimensions is None or (
        isinstance(dimensions.value, cst.Integer) and dimensions.value.value == "1"
    )
    tupled = as_tuple is not None and _literal_bool(as_tuple.value) is not False
    branches = []
    for branch in evaluate(item, names):
        inner = branch.value
        listed = PyType(origin="list", args=(inner.python,))
        if not flat:
            listed = PyType(origin="list", args=(listed,))
        reason = inner.reason
        if not flat:
            reason = "a multidimensional `ARRAY` holds nested lists"
        elif tupled:
            reason = "an `ARRAY` with `as_tuple` holds tuples"
        branches.append(Branch(branch.requires, ColumnType(listed, reason=reason)))
    return branches


def _custom(callee: cst.BaseExpression, code: str, names: Names) -> ColumnType:
    """A type that is not SQLAlchemy's: a ``TypeDecorator`` of the file, or unknown."""
    if isinstance(callee, cst.Name):
        declared = _local_type_class(callee.value, names)
        if declared is not None:
            return declared
    return unknown(f"`{code}` is not a SQLAlchemy type backlint knows")


def _local_type_class(name: str, names: Names) -> ColumnType | None:
    for statement in names.file.module.body:
        if not isinstance(statement, cst.ClassDef) or statement.name.value != name:
            continue
        for base in statement.bases:
            value = base.value
            if not isinstance(value, cst.Subscript) or len(value.slice) != 1:
                continue
            found = names.sa(value.value)
            element = value.slice[0].slice
            if (
                found is not None
                and found.name in ("sqlalchemy.TypeDecorator", "sqlalchemy.TypeEngine")
                and isinstance(element, cst.Index)
            ):
                return ColumnType(PyType(source=names.file.code_for(element.value)))
        for item in statement.body.body:
            if isinstance(item, cst.SimpleStatementLine):
                for small in item.body:
                    if (
                        isinstance(small, cst.Assign)
                        and len(small.targets) == 1
                        and isinstance(small.targets[0].target, cst.Name)
                        and small.targets[0].target.value == "impl"
                    ):
                        best = evaluate(small.value, names)
                        if len(best) == 1 and best[0].value.python != ANY:
                            reason = f"`{name}` converts its values: its `impl` type is a guess"
                            return unknown(reason, best[0].value.python)
        return unknown(f"`{name}` does not declare its Python type (`TypeDecorator[T]`)")
    return None
