"""The family's ast gates: what a file must hold, read from CPython's tree, for a rule (or the
collector) to report or record anything in it.

Every test here over-approximates the libcst pass. A name counts as SQLAlchemy's ``X`` when
the file can qualify it and its last part is ``X``: :meth:`Names.sa` gives a name only to what
the file qualifies, and both of its ways (``sqlalchemy.*`` names, and ``db.X`` of a
Flask-SQLAlchemy ``db`` decided here or in the project pass) keep that last part.
"""

from __future__ import annotations

import ast
from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backlint.sources.view import SourceView

# Class-level assignments that make a class (or its facts) matter on their own.
_CLASS_NAMES = frozenset({"__tablename__", "__table_args__", "type_annotation_map", "registry"})
_CLASS_CALLS = frozenset({"Column", "mapped_column", "relationship"})
_MAPPED = frozenset({"Mapped", "DynamicMapped", "WriteOnlyMapped"})
_DECORATORS = frozenset({"as_declarative", "mapped", "mapped_as_dataclass", "as_declarative_base"})


def sa_last(view: SourceView, node: ast.expr | None) -> str | None:
    """The last part of the name ``node`` refers to, when the file can qualify it."""
    if isinstance(node, ast.Starred):
        node = node.value
    qualified = view.qualify(node) if node is not None else None
    return qualified.rpartition(".")[2] if qualified else None


def calls_named(view: SourceView, names: Collection[str]) -> list[ast.Call]:
    """The calls whose callee may be one of SQLAlchemy's ``names``."""
    return [call for call in view.nodes(ast.Call) if sa_last(view, call.func) in names]


def keywords(call: ast.Call) -> set[str]:
    return {k.arg for k in call.keywords if k.arg is not None}


def may_hold_mapped(view: SourceView, node: ast.ClassDef) -> bool:
    """Whether the file's model may record a fact about this class, or find a column in it.

    A class with no base the file can qualify, no nested class, no declarative decorator or
    metaclass and none of the class-level names the model reads is undecided or not mapped,
    and with no columns or relationships it gives no fact (``FileModel._class_facts``).
    """
    for base in node.bases:
        if sa_last(view, base) is not None:
            return True  # the mixin-of fact of each base, or a declarative base
    for argument in node.keywords:
        if argument.arg == "metaclass" and sa_last(view, argument.value) == "DeclarativeMeta":
            return True
    for decorator in node.decorator_list:
        callee = decorator.func if isinstance(decorator, ast.Call) else decorator
        if sa_last(view, callee) in _DECORATORS:
            return True
    for statement in node.body:
        if isinstance(statement, ast.ClassDef):
            return True  # a nested class records its bases
        if isinstance(statement, ast.Assign):
            targets, value, annotation = statement.targets, statement.value, None
        elif isinstance(statement, ast.AnnAssign):
            targets, value = [statement.target], statement.value
            annotation = statement.annotation
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id in _CLASS_NAMES for t in targets):
            return True
        if isinstance(value, ast.Call) and sa_last(view, value.func) in _CLASS_CALLS:
            return True
        if isinstance(annotation, ast.Subscript) and sa_last(view, annotation.value) in _MAPPED:
            return True
    return False
