"""What names mean in one file: SQLAlchemy's own names, Flask-SQLAlchemy's ``db.*`` proxies,
and kinds decided from the file alone.

``sa.Column``, ``sqlalchemy.schema.Column`` and ``Column`` imported from ``sqlalchemy`` are all
:func:`canonical` ``sqlalchemy.Column``; ``db.Column`` is too when ``db`` is a
``flask_sqlalchemy.SQLAlchemy()`` (decided here when ``db`` is created in the file, otherwise
left to the project pass with a :class:`Condition`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import libcst as cst

from backlint.diagnostics import Condition
from backlint.facts import SymbolFact
from backlint.rule import PythonFile
from backlint.rules.sqlalchemy.kinds import DECLARATIVE, FLASK_DB, KNOWN_KINDS
from backlint.sources.symbols import dotted

# Flask-SQLAlchemy's ``db`` proxies the names of both ``sqlalchemy`` and ``sqlalchemy.orm``.
ORM_NAMES = frozenset(
    {
        "relationship",
        "relation",
        "backref",
        "dynamic_loader",
        "mapped_column",
        "Mapped",
        "column_property",
        "composite",
        "synonym",
        "deferred",
        "declared_attr",
        "declarative_base",
        "Session",
        "sessionmaker",
        "scoped_session",
        "registry",
    }
)

# Top-level packages whose names are never the project's own: what this table does not know
# about them is known not to be there.
_EXTERNAL_PACKAGES = frozenset(
    {
        "sqlalchemy",
        "flask_sqlalchemy",
        "builtins",
        "typing",
        "typing_extensions",
        "enum",
        "datetime",
        "decimal",
        "uuid",
        "pydantic",
        "sqlmodel",
        "django",
        "django_tables2",
        "dataclasses",
        "abc",
    }
)


# SQLAlchemy and the packages whose classes derive from its declarative bases.
SQLALCHEMY_PACKAGES = frozenset({"sqlalchemy", "flask_sqlalchemy", "sqlmodel"})
# External packages with nothing to do with SQLAlchemy: none of their classes is mapped or
# makes a subclass mapped, and, not being the project's own, none is asked about.
FOREIGN_PACKAGES = _EXTERNAL_PACKAGES - SQLALCHEMY_PACKAGES

# What some Python file of the project must contain for the rules that declare these tokens
# (``PythonRule.project_tokens``) to find or record anything. Their findings and facts need a
# name that ``Names.sa`` calls SQLAlchemy's: either the file qualifies it to ``sqlalchemy.*``,
# which takes an import of SQLAlchemy (in SQLAlchemy's own package a relative import does
# too, and that project's files name it), or it is ``db.X`` under a ``Condition`` that ``db``
# is a Flask-SQLAlchemy ``db``, which resolves only through ``flask_sqlalchemy.SQLAlchemy()``,
# a name some file must import ("flask_sqlalchemy" contains the token). SQLModel's re-exports
# (``sqlmodel.Column``, ``sqlmodel.Relationship``) are not read as SQLAlchemy's names, so
# "sqlmodel" would add nothing.
# Not every rule of the family can declare them: a class naming its ``__tablename__`` (or
# deriving from a base of the ``declarative-bases`` option) is mapped whatever it imports, so
# BK204 reports ``session.query(User)`` of such a class, with BK202 recording for other files
# that the class is mapped; BK207 reports ``execution_options(autocommit=True)`` and
# ``x.metadata.bind = ...`` from their spelling alone. Those three declare no tokens.
PROJECT_TOKENS = ("sqlalchemy",)


class Foreign:
    """Which bases of one file are classes of a :data:`FOREIGN_PACKAGES` package.

    A base written as ``models.Model`` with ``from django.db import models`` is foreign; one
    the file reaches through a relative import, one of the file's own top-level package (the
    project's, even when it is named ``django``) and one the options name as a declarative
    base are not. Both the family's ast gates and its model ask, with the same text: the
    gates must say yes wherever the model records a fact.
    """

    def __init__(
        self,
        module: str,
        qualify: Callable[[str], str | None],
        relative: Iterable[str],
        declared: Iterable[str],
    ) -> None:
        self._package = module.split(".", 1)[0]
        self._qualify = qualify
        self._relative = frozenset(relative)
        self._declared = frozenset(declared)

    def inert(self, text: str | None) -> bool:
        """Whether a base written as ``text`` (subscripts stripped) gives the class no kind
        in the project pass: the project cannot name it, or it is foreign."""
        if text is None:
            return True
        qualified = self._qualify(text)
        if qualified is None:
            return True
        head = text.split(".", 1)[0].removesuffix("()")
        if head in self._relative or qualified in self._declared:
            return False
        package = qualified.split(".", 1)[0].removesuffix("()")
        return package in FOREIGN_PACKAGES and package != self._package


def canonical(qualname: str) -> str | None:
    """``sqlalchemy.X`` for SQLAlchemy's core names, ``sqlalchemy.orm.X`` for its ORM names,
    ``postgresql.X`` for dialect names; ``None`` for names outside SQLAlchemy."""
    if not qualname.startswith("sqlalchemy.") or "(" in qualname:
        return None
    parts = qualname.split(".")
    last = parts[-1]
    if parts[1] == "dialects":
        return f"{parts[2]}.{last}" if len(parts) >= 4 else None
    if parts[1] == "orm" or qualname.startswith("sqlalchemy.ext.declarative."):
        return f"sqlalchemy.orm.{last}"
    if parts[1] == "ext":
        return qualname
    return f"sqlalchemy.{last}"


@dataclass(frozen=True, slots=True)
class SaName:
    """A SQLAlchemy name, true when every condition in ``requires`` holds."""

    name: str
    requires: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class LocalKinds:
    """Kinds of a name as far as one file can tell; ``complete`` when nothing is left out."""

    kinds: frozenset[str]
    complete: bool


class Names:
    """Name resolution for one file, with the family's view of kinds."""

    def __init__(self, file: PythonFile, declarative_bases: Iterable[str] = ()) -> None:
        self.file = file
        self.prefix = f"{file.module_name}." if file.module_name else ""
        self._bases: dict[str, set[str]] = {}
        self._kinds: dict[str, set[str]] = {}
        self._declared = frozenset(declarative_bases)
        self.add_facts(file.symbols.facts)
        self.type_checking_only = _type_checking_only(file.module)
        self._cache: dict[str, LocalKinds] = {}

    def add_facts(self, facts: Iterable[SymbolFact]) -> None:
        for fact in facts:
            self._bases.setdefault(fact.qualname, set()).update(fact.bases)
            self._kinds.setdefault(fact.qualname, set()).update(fact.kinds)
        self._cache = {}

    # -- kinds ---------------------------------------------------------------------------------

    def local_kinds(self, name: str) -> LocalKinds:
        return self._resolve(name, frozenset())

    def _resolve(self, name: str, visiting: frozenset[str]) -> LocalKinds:
        if name in self._cache:
            return self._cache[name]
        if name in visiting:
            return LocalKinds(frozenset(), True)
        visiting = visiting | {name}
        found = set(KNOWN_KINDS.get(name, ())) | self._kinds.get(name, set())
        if name in self._declared:
            found.add(DECLARATIVE)
        complete = True
        bases = self._bases.get(name)
        if bases is None and "." in name:
            owner, _, attribute = name.rpartition(".")
            if owner in self._bases:
                bases = {f"{base}.{attribute}" for base in self._bases[owner]}
        if bases is None:
            complete = self._is_known_here(name)
        for base in bases or ():
            resolved = self._resolve(base, visiting)
            found |= resolved.kinds
            complete = complete and resolved.complete
        result = LocalKinds(frozenset(found), complete)
        self._cache[name] = result
        return result

    def _is_known_here(self, name: str) -> bool:
        """Whether a name with no facts is fully known: defined in this module, or outside the
        project altogether."""
        if name in KNOWN_KINDS or name in self._declared:
            return True
        if self.prefix and name.startswith(self.prefix):
            return "." not in name.removeprefix(self.prefix).removesuffix("()")
        return name.split(".", 1)[0].removesuffix("()") in _EXTERNAL_PACKAGES

    def decide(self, name: str, kind: str) -> bool | None:
        """Whether ``name`` has ``kind``: ``None`` when only the whole project can tell."""
        local = self.local_kinds(name)
        if kind in local.kinds:
            return True
        return False if local.complete else None

    def requirement(self, name: str | None, kind: str) -> tuple[Condition, ...] | None:
        """The conditions under which ``name`` has ``kind``: ``()`` when it surely does,
        ``None`` when it surely does not (or cannot be named)."""
        if name is None:
            return None
        decided = self.decide(name, kind)
        if decided is None:
            return (Condition(name, kind),)
        return () if decided else None

    # -- SQLAlchemy names ----------------------------------------------------------------------

    def sa(self, node: cst.BaseExpression | None) -> SaName | None:
        """The SQLAlchemy name an expression refers to, if it may be one."""
        qualified = self.file.qualify(node) if node is not None else None
        if qualified is None:
            return None
        name = canonical(qualified)
        if name is not None:
            return SaName(name)
        if not isinstance(node, cst.Attribute):
            return None  # a name of this module, or imported from elsewhere: not `db.X`
        owner, _, attribute = qualified.rpartition(".")
        if not owner or "(" in attribute or not attribute:
            return None
        requires = self.requirement(owner, FLASK_DB)
        if requires is None:
            return None
        module = "sqlalchemy.orm" if attribute in ORM_NAMES else "sqlalchemy"
        return SaName(f"{module}.{attribute}", requires)

    def runtime_bound(self, local: str) -> bool:
        """Whether a module-level name is bound when the module runs."""
        return local in self.file.symbols.aliases and local not in self.type_checking_only


def _type_checking_only(module: cst.Module) -> frozenset[str]:
    """Names bound at module level only inside ``if TYPE_CHECKING:`` blocks."""
    guarded: set[str] = set()
    runtime: set[str] = set()

    def walk(body: Iterable[cst.CSTNode], checking: bool) -> None:
        for statement in body:
            if isinstance(statement, cst.If):
                test = dotted(statement.test) or ""
                inner = checking or test.rsplit(".", 1)[-1] == "TYPE_CHECKING"
                walk(statement.body.body, inner)
                orelse = statement.orelse
                if orelse is not None:
                    walk([orelse] if isinstance(orelse, cst.If) else orelse.body.body, checking)
            elif isinstance(statement, cst.Try):
                walk(statement.body.body, checking)
                for handler in statement.handlers:
                    walk(handler.body.body, checking)
                if statement.orelse is not None:
                    walk(statement.orelse.body.body, checking)
                if statement.finalbody is not None:
                    walk(statement.finalbody.body.body, checking)
            else:
                (guarded if checking else runtime).update(_bound_names(statement))

    walk(module.body, False)
    return frozenset(guarded - runtime)


def _bound_names(statement: cst.CSTNode) -> set[str]:
    names: set[str] = set()
    if isinstance(statement, (cst.ClassDef, cst.FunctionDef)):
        names.add(statement.name.value)
    elif isinstance(statement, cst.SimpleStatementLine):
        for small in statement.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(
                small.names, cst.ImportStar
            ):
                for alias in small.names:
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        names.add(alias.asname.name.value)
                    else:
                        names.add((dotted(alias.name) or "").split(".", 1)[0])
            elif isinstance(small, cst.Assign):
                for target in small.targets:
                    if isinstance(target.target, cst.Name):
                        names.add(target.target.value)
            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                names.add(small.target.value)
    return names
