"""Module-level names of a Python file: what each local name refers to, as dotted names.

Rules ask :meth:`ModuleSymbols.qualify` what an expression such as ``BaseModel``,
``pd.BaseModel`` or ``db.Model`` names (``pydantic.BaseModel``,
``app.extensions.db.Model``), and the engine keeps the module's classes and aliases as
:class:`SymbolFact` records so that the project pass can tell, across modules, whether
``app.models.User`` derives from a declarative base or a pydantic model.

Only module-level statements of the file's ``ast`` tree are read (including those under
``if`` and ``try``): what a module exports is decided there, and reading only that costs
almost nothing.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence

import libcst as cst

from backlint.facts import SymbolFact


def module_name(path: str, roots: Sequence[str]) -> str:
    """The dotted module name of ``path`` below the deepest of ``roots`` that contains it."""
    path = os.path.abspath(path)
    best = ""
    for root in roots:
        root = os.path.abspath(root)
        if path.startswith(root.rstrip(os.sep) + os.sep) and len(root) > len(best):
            best = root
    relative = os.path.relpath(path, best) if best else os.path.basename(path)
    stem = os.path.splitext(relative)[0]
    parts = [p for p in stem.split(os.sep) if p and p != "."]
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def dotted(node: cst.BaseExpression | None) -> str | None:
    """``a.b.c`` for a Name/Attribute chain; ``f()`` is ``f()``; anything else ``None``."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else None
    if isinstance(node, cst.Call):
        callee = dotted(node.func)
        return f"{callee}()" if callee else None
    return None


def _absolute(module: str, level: int, target: str, is_package: bool) -> str:
    """Resolve a relative ``from`` import against the importing module."""
    if level == 0:
        return target
    parts = module.split(".") if module else []
    # In a package's __init__, one dot is the package itself.
    keep = len(parts) - level + (1 if is_package else 0)
    base = parts[: max(keep, 0)]
    return ".".join([*base, target] if target else base)


def ast_dotted(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = ast_dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    if isinstance(node, ast.Call):
        callee = ast_dotted(node.func)
        return f"{callee}()" if callee else None
    return None


class ModuleSymbols:
    """The module-level name table of one file, read from its ``ast`` tree."""

    def __init__(self, tree: ast.Module | None, name: str, is_package: bool) -> None:
        self.name = name
        self.is_package = is_package
        # local name -> dotted name it stands for
        self.aliases: dict[str, str] = {}
        self.facts: list[SymbolFact] = []
        for statement in _module_level(tree.body if tree is not None else []):
            self._read(statement)

    def qualify(self, node: cst.BaseExpression | str | None) -> str | None:
        """The dotted name an expression refers to, or ``None`` when it cannot be told."""
        text = node if isinstance(node, str) else dotted(node)
        if not text:
            return None
        head, _, rest = text.partition(".")
        call = head.endswith("()")
        head = head.removesuffix("()")
        target = self.aliases.get(head)
        if target is None:
            return None
        resolved = target + ("()" if call else "")
        return f"{resolved}.{rest}" if rest else resolved

    def _local(self, name: str) -> str:
        return f"{self.name}.{name}" if self.name else name

    def _read(self, statement: ast.stmt) -> None:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    self.aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".", 1)[0]
                    self.aliases[top] = top
        elif isinstance(statement, ast.ImportFrom):
            self._read_from(statement)
        elif isinstance(statement, ast.ClassDef):
            local = self._local(statement.name)
            self.aliases[statement.name] = local
            # A generic base (`Page[int]`, `RootModel[list[int]]`) derives from `Page`.
            bases = tuple(
                q
                for b in statement.bases
                if (q := self._qualify_ast(b.value if isinstance(b, ast.Subscript) else b))
            )
            self.facts.append(SymbolFact(local, bases))
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.aliases[statement.name] = self._local(statement.name)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
            self._read_assign(statement)

    def _qualify_ast(self, node: ast.expr | None) -> str | None:
        text = ast_dotted(node)
        return self.qualify(text) if text else None

    def _read_from(self, statement: ast.ImportFrom) -> None:
        source = _absolute(self.name, statement.level, statement.module or "", self.is_package)
        for alias in statement.names:
            if alias.name == "*":
                continue
            local = alias.asname or alias.name
            target = f"{source}.{alias.name}" if source else alias.name
            self.aliases[local] = target
            # Re-exports make `from app.db import Base` reach `app.db.base.Base`.
            self.facts.append(SymbolFact(self._local(local), (target,)))

    def _read_assign(self, statement: ast.Assign | ast.AnnAssign) -> None:
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        qualified = self._qualify_ast(statement.value) if statement.value is not None else None
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            local = self._local(target.id)
            self.aliases[target.id] = local
            if qualified:
                self.facts.append(SymbolFact(local, (qualified,)))


def _module_level(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, looking inside ``if``/``try``/``else`` blocks."""
    for statement in body:
        if isinstance(statement, ast.If):
            yield from _module_level(statement.body)
            yield from _module_level(statement.orelse)
        elif isinstance(statement, ast.Try) or type(statement).__name__ == "TryStar":
            yield from _module_level(statement.body)  # type: ignore[attr-defined]
            for handler in statement.handlers:  # type: ignore[attr-defined]
                yield from _module_level(handler.body)
            yield from _module_level(statement.orelse)  # type: ignore[attr-defined]
            yield from _module_level(statement.finalbody)  # type: ignore[attr-defined]
        else:
            yield statement


class KindResolver:
    """Which kinds a dotted name has, inherited through bases and aliases across modules.

    ``known`` seeds names outside the project (``pydantic.BaseModel`` is a
    ``"pydantic:model"``); a call such as ``sqlalchemy.orm.declarative_base()`` is a name
    too. An attribute of an instance (``app.db.Model`` where ``app.db`` is
    ``flask_sqlalchemy.SQLAlchemy()``) is looked up as that attribute of what the instance
    derives from.
    """

    def __init__(self, facts: Iterable[SymbolFact], known: Mapping[str, frozenset[str]]) -> None:
        self._bases: dict[str, set[str]] = {}
        self._local: dict[str, set[str]] = {}
        for fact in facts:
            self._bases.setdefault(fact.qualname, set()).update(fact.bases)
            self._local.setdefault(fact.qualname, set()).update(fact.kinds)
        self._known = known
        self._cache: dict[str, frozenset[str]] = {}

    def kinds(self, name: str) -> frozenset[str]:
        return self._resolve(name, frozenset())

    def _resolve(self, name: str, visiting: frozenset[str]) -> frozenset[str]:
        if name in self._cache:
            return self._cache[name]
        if name in visiting:
            return frozenset()
        visiting = visiting | {name}
        found = set(self._known.get(name, ())) | self._local.get(name, set())
        bases = self._bases.get(name)
        if bases is None and "." in name:
            owner, _, attribute = name.rpartition(".")
            bases = {f"{base}.{attribute}" for base in self._bases.get(owner, ())}
        for base in bases or ():
            found |= self._resolve(base, visiting)
        result = frozenset(found)
        self._cache[name] = result
        return result
