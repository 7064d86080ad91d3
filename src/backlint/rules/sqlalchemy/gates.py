"""The family's ast gates: what a file must hold, read from CPython's tree, for a rule (or the
collector) to report or record anything in it.

Every test here over-approximates the libcst pass. A name counts as SQLAlchemy's ``X`` when
the file can qualify it and its last part is ``X``: :meth:`Names.sa` gives a name only to what
the file qualifies, and both of its ways (``sqlalchemy.*`` names, and ``db.X`` of a
Flask-SQLAlchemy ``db`` decided here or in the project pass) keep that last part.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Collection
from typing import TYPE_CHECKING

from backlint.rules.sqlalchemy.kinds import KNOWN_KINDS
from backlint.rules.sqlalchemy.names import Foreign
from backlint.rules.sqlalchemy.options import sqlalchemy_options
from backlint.sources.symbols import ast_dotted

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


def base_text(node: ast.expr) -> str | None:
    """A base as the project pass names it: ``Page`` for ``Page[int]``, ``B`` for ``*B``."""
    if isinstance(node, ast.Starred):
        node = node.value
    while isinstance(node, ast.Subscript):
        node = node.value
    return ast_dotted(node)


class Outline:
    """What the gates ask about a file's classes besides their own text."""

    def __init__(self, view: SourceView) -> None:
        relative = {
            alias.asname or alias.name
            for statement in view.nodes(ast.ImportFrom)
            if statement.level
            for alias in statement.names
        }
        declared = sqlalchemy_options(view.context).declarative_bases
        self.foreign = Foreign(view.module_name, view.qualify, relative, declared)
        self.bindings = Counter(fact.qualname for fact in view.symbols.facts)
        # Names that kinds are known for: a class named so may be one of them.
        self.reserved = {name.rpartition(".")[2] for name in (*declared, *KNOWN_KINDS)}
        # The dotted names the model gives classes (``FileModel._walk``); a class in a
        # function, or in a compound statement of a class, has none.
        self.qualnames: dict[ast.ClassDef, str] = {}
        self._walk(view.tree.body, view.module_name, module_level=True)
        self._counts = Counter(self.qualnames.values())

    def _walk(self, body: list[ast.stmt], owner: str, *, module_level: bool) -> None:
        for statement in body:
            if isinstance(statement, ast.ClassDef):
                qualname = f"{owner}.{statement.name}" if owner else statement.name
                self.qualnames[statement] = qualname
                self._walk(statement.body, qualname, module_level=False)
            elif module_level and isinstance(statement, ast.If):
                self._walk(statement.body, owner, module_level=True)
                self._walk(statement.orelse, owner, module_level=True)
            elif module_level and isinstance(
                statement, (ast.Try, getattr(ast, "TryStar", ast.Try))
            ):
                for block in (statement.body, statement.orelse, statement.finalbody):
                    self._walk(block, owner, module_level=True)
                for handler in statement.handlers:
                    self._walk(handler.body, owner, module_level=True)

    def inert_bases(self, node: ast.ClassDef) -> bool:
        """Whether every base of the class is foreign or cannot be named."""
        return all(self.foreign.inert(base_text(base)) for base in node.bases)

    def unique(self, node: ast.ClassDef) -> bool:
        """Whether the class is the only thing of its dotted name: no other class of the
        file, no module-level import or assignment, no name whose kinds are known. A class
        the model gives no dotted name counts as unique."""
        qualname = self.qualnames.get(node)
        if qualname is None:
            return True
        return (
            self._counts[qualname] == 1
            and self.bindings[qualname] <= 1
            and node.name not in self.reserved
        )


def outline(view: SourceView) -> Outline:
    """The file's outline, read once for all the family's gates."""
    return view.shared("sqlalchemy.outline", Outline)


def may_be_mapped(view: SourceView, node: ast.ClassDef) -> bool:
    """Whether the model's fact about this class may matter to the project pass.

    A class whose bases are all foreign or unnamed (``FileModel.may_be_mapped``), that says
    nothing SQLAlchemy reads and is alone with its name, is not mapped and makes no subclass
    mapped.
    """
    found = outline(view)
    if node not in found.qualnames:
        return False  # in a function: the model records no fact about it
    return declares(view, node) or not found.inert_bases(node) or not found.unique(node)


def may_hold_mapped(view: SourceView, node: ast.ClassDef) -> bool:
    """Whether the file's model may record a fact about this class, or find a column in it.

    A class whose bases are all foreign or unnamed, with no declarative decorator or
    metaclass, none of the class-level names the model reads and no nested class whose
    bases it must record, is undecided or not mapped, and with no columns or relationships
    it gives no fact (``FileModel._class_facts``).
    """
    found = outline(view)
    if declares(view, node):
        return True
    if node not in found.qualnames:
        return False  # in a function: the model records no fact about it
    if not found.inert_bases(node):
        return True  # the mixin-of fact of each base, or a declarative base
    for statement in node.body:
        if isinstance(statement, ast.ClassDef) and not (
            all(sa_last(view, base) is None for base in statement.bases)
            and found.unique(node)
            and statement.name not in found.reserved
        ):
            return True  # a nested class records its bases (``FileModel.records_nested``)
    return False


def declares(view: SourceView, node: ast.ClassDef) -> bool:
    """A declarative decorator or metaclass, or a class-level statement the model reads."""
    for argument in node.keywords:
        if argument.arg == "metaclass" and sa_last(view, argument.value) == "DeclarativeMeta":
            return True
    for decorator in node.decorator_list:
        callee = decorator.func if isinstance(decorator, ast.Call) else decorator
        if sa_last(view, callee) in _DECORATORS:
            return True
    for statement in node.body:
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
