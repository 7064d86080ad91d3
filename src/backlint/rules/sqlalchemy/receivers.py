"""What an expression is at run time, as far as the file tells: a SQLAlchemy ``Engine``, a
``Connection`` or a ``Session``.

Known from annotations (``db: Session``), from what a name was bound to (``engine =
create_engine(...)``, ``with engine.connect() as conn``, ``session = SessionLocal()``), from
module-level names of other modules through the project's kinds, and from Flask-SQLAlchemy's
``db.session``. Anything else is unknown: ``cursor.execute("...")`` of a DB-API driver must
never be mistaken for SQLAlchemy's.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from backlint.diagnostics import Condition
from backlint.rules.sqlalchemy.kinds import ENGINE, FLASK_DB, SESSION, SESSION_FACTORY
from backlint.rules.sqlalchemy.names import Names

# Kinds of values.
ENGINE_VALUE = "engine"
CONNECTION_VALUE = "connection"
SESSION_VALUE = "session"

_ANNOTATIONS = {
    "sqlalchemy.Engine": ENGINE_VALUE,
    "sqlalchemy.Connection": CONNECTION_VALUE,
    "sqlalchemy.orm.Session": SESSION_VALUE,
    "sqlalchemy.orm.scoped_session": SESSION_VALUE,
    "sqlalchemy.ext.asyncio.AsyncSession": SESSION_VALUE,
    "sqlalchemy.ext.asyncio.AsyncConnection": CONNECTION_VALUE,
    "sqlalchemy.ext.asyncio.session.AsyncSession": SESSION_VALUE,
    "sqlalchemy.ext.asyncio.engine.AsyncConnection": CONNECTION_VALUE,
}
_CONSTRUCTORS = {
    "sqlalchemy.create_engine": ENGINE_VALUE,
    "sqlalchemy.engine_from_config": ENGINE_VALUE,
    "sqlalchemy.orm.Session": SESSION_VALUE,
    "sqlalchemy.orm.scoped_session": SESSION_VALUE,
}
_MODULE_KINDS = ((ENGINE, ENGINE_VALUE), (SESSION, SESSION_VALUE))


@dataclass(frozen=True, slots=True)
class Known:
    """An expression's kind, true when every condition in ``requires`` holds."""

    kind: str
    requires: tuple[Condition, ...] = ()


class Receivers:
    """Kinds of local names, scope by scope; fed by the rule's visitor.

    :meth:`of` answers with the possible kinds of an expression, each under its conditions
    (a name imported from another module may be an engine or a session, as the project
    decides); an empty list when nothing is known.
    """

    def __init__(self, names: Names) -> None:
        self.names = names
        self._scopes: list[dict[str, list[Known]]] = [{}]

    def enter_function(self, node: cst.FunctionDef | cst.Lambda) -> None:
        scope: dict[str, list[Known]] = {}
        for param in _params(node.params):
            annotation = param.annotation.annotation if param.annotation is not None else None
            scope[param.name.value] = self.annotated(annotation)
        self._scopes.append(scope)

    def leave_function(self) -> None:
        if len(self._scopes) > 1:
            self._scopes.pop()

    def bind(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(target, cst.Name):
            self._scopes[-1][target.value] = self.of(value) if value is not None else []

    def bind_annotated(self, target: cst.BaseExpression, annotation: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self._scopes[-1][target.value] = self.annotated(annotation)

    def annotated(self, annotation: cst.BaseExpression | None) -> list[Known]:
        if annotation is None:
            return []
        if isinstance(annotation, cst.Subscript):
            annotation = annotation.value
        qualified = self.names.file.qualify(annotation)
        if qualified is None:
            return []
        found = self.names.sa(annotation)
        if found is not None and found.requires:
            return []
        kind = _ANNOTATIONS.get(found.name if found is not None else qualified)
        return [Known(kind)] if kind is not None else []

    def of(self, node: cst.BaseExpression | None) -> list[Known]:
        """The possible kinds of an expression's value."""
        if node is None:
            return []
        if isinstance(node, cst.Await):
            return self.of(node.expression)
        if isinstance(node, cst.Name):
            for scope in reversed(self._scopes):
                if node.value in scope:
                    return scope[node.value]
            return self._module_level(node)
        if isinstance(node, cst.Attribute):
            if node.attr.value == "session":
                owner = self.names.file.qualify(node.value)
                requires = self.names.requirement(owner, FLASK_DB)
                if requires is not None:
                    return [Known(SESSION_VALUE, requires)]
            return self._module_level(node)
        if isinstance(node, cst.Call):
            return self._call(node)
        return []

    def _module_level(self, node: cst.BaseExpression) -> list[Known]:
        qualified = self.names.file.qualify(node)
        if qualified is None:
            return []
        found = []
        for kind, value in _MODULE_KINDS:
            requires = self.names.requirement(qualified, kind)
            if requires is not None:
                found.append(Known(value, requires))
        return found

    def _call(self, node: cst.Call) -> list[Known]:
        func = node.func
        found = self.names.sa(func)
        if found is not None and found.name in _CONSTRUCTORS:
            return [Known(_CONSTRUCTORS[found.name], found.requires)]
        if isinstance(func, cst.Attribute) and func.attr.value in ("connect", "begin"):
            return [
                Known(CONNECTION_VALUE, owner.requires)
                for owner in self.of(func.value)
                if owner.kind == ENGINE_VALUE
            ]
        if isinstance(func, cst.Call):
            # sessionmaker(...)()
            inner = self.names.sa(func.func)
            if inner is not None and inner.name == "sqlalchemy.orm.sessionmaker":
                return [Known(SESSION_VALUE, inner.requires)]
            return []
        qualified = self.names.file.qualify(func)
        if qualified is not None and found is None:
            requires = self.names.requirement(qualified, SESSION_FACTORY)
            if requires is not None:
                return [Known(SESSION_VALUE, requires)]
        return []


def _params(params: cst.Parameters) -> list[cst.Param]:
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    if isinstance(params.star_arg, cst.Param):
        found.append(params.star_arg)
    if params.star_kwarg is not None:
        found.append(params.star_kwarg)
    return found


class TracksReceivers:
    """Visitor methods that feed a :class:`Receivers` as the traversal goes (mixed into the
    rules that need to know what ``engine`` or ``db`` is)."""

    receivers: Receivers

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.receivers.enter_function(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.receivers.leave_function()

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self.receivers.bind(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and not self.receivers.annotated(node.annotation.annotation):
            self.receivers.bind(node.target, node.value)
        else:
            self.receivers.bind_annotated(node.target, node.annotation.annotation)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self.receivers.bind(node.asname.name, node.item)
