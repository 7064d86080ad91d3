"""BK207 removed-1x-api: SQLAlchemy 1.x APIs that 2.0 removed."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from backlint.diagnostics import Condition
from backlint.rule import PythonRule
from backlint.rules.sqlalchemy.gates import keywords, sa_last
from backlint.rules.sqlalchemy.kinds import KNOWN_KINDS, METADATA
from backlint.rules.sqlalchemy.model import keyword, literal_bool, literal_string, model_for
from backlint.rules.sqlalchemy.names import Names
from backlint.rules.sqlalchemy.receivers import (
    CONNECTION_VALUE,
    ENGINE_VALUE,
    SESSION_VALUE,
    Receivers,
    TracksReceivers,
)

if TYPE_CHECKING:
    from backlint.sources.view import SourceView

_STATEMENTS = ("sqlalchemy.select", "sqlalchemy.insert", "sqlalchemy.update", "sqlalchemy.delete")
_SELECT_KEYWORDS = (
    "whereclause",
    "from_obj",
    "order_by",
    "group_by",
    "having",
    "limit",
    "offset",
    "distinct",
    "select_from",
)
_SESSION_FACTORIES = ("sqlalchemy.orm.Session", "sqlalchemy.orm.sessionmaker")
# SQLAlchemy functions whose arguments the rule checks, by last name.
_FUNCTIONS = frozenset({"select", "case", "MetaData", "declarative_base", "Table"})


class RemovedApi(TracksReceivers, PythonRule):
    """
    ## What it does
    Checks for SQLAlchemy 1.x APIs that SQLAlchemy 2.0 removed:

    * connectionless execution: `engine.execute(...)`, `engine.scalar(...)`, and
      `select(...).execute()` on a statement;
    * plain SQL strings passed to `Connection.execute()` / `Session.execute()`;
    * `select([a, b])` (a list of columns) and the keyword forms `select(..., whereclause=,
      from_obj=, order_by=...)`; `case([(condition, value)])`;
    * library-level autocommit: `execution_options(autocommit=True)`,
      `Session(autocommit=True)`, `sessionmaker(autocommit=True)`, Flask-SQLAlchemy's
      `session_options={"autocommit": True}`;
    * bound metadata: `MetaData(bind=engine)` (or `MetaData(engine)`),
      `metadata.bind = engine`, `declarative_base(bind=engine)`, and
      `Table(..., autoload=True)`.

    Receivers must be known: an engine created by `create_engine()` (here or in another
    module of the project) or annotated `Engine`; a connection from `engine.connect()` /
    `engine.begin()`; a session as for BK204. A DB-API cursor's `execute("...")` is never
    reported.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 4: "Database models MUST use SQLAlchemy 2.0
    style". These calls raise under SQLAlchemy 2.0 (`AttributeError`, `ArgumentError`,
    `ObjectNotExecutableError`, `TypeError`): the code works on 1.x and breaks on upgrade.

    ## Example
    ```python
    rows = engine.execute("SELECT id FROM users").fetchall()
    stmt = select([users.c.id], users.c.active == True)
    ```

    ## Use instead
    ```python
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id FROM users")).fetchall()
    stmt = select(users.c.id).where(users.c.active == True)
    ```

    ## Fix safety
    There is no fix: the 2.0 forms change how transactions begin and end (an explicit
    `connect()`/`begin()` block, `commit()`), which a person has to place.
    """

    code = "BK207"
    name = "removed-1x-api"
    family = "sqlalchemy"
    summary = "SQLAlchemy 1.x API removed in 2.0"
    seed = "000"
    # A file using these APIs imports SQLAlchemy, or spells one of them out.
    required_text = ("sqlalchemy", "engine.execute", "select([", "autocommit=True")
    known_kinds: ClassVar = KNOWN_KINDS
    # No project tokens: `execution_options(autocommit=True)` and `x.metadata.bind = ...` are
    # reported from their spelling alone, whatever the project imports.

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """A ``.bind =`` assignment, an ``.execute()`` / ``.scalar()`` call (its receiver may be
        an engine, a connection or a session, possibly by another module's name), a call that
        may be one of the checked SQLAlchemy functions with the arguments it checks, or
        ``autocommit=True`` / ``session_options={...}``."""
        for node in view.nodes(ast.Assign):
            if any(isinstance(t, ast.Attribute) and t.attr == "bind" for t in node.targets):
                return True
        return any(_may_report(view, call) for call in view.nodes(ast.Call))

    def visit_Module(self, node: cst.Module) -> None:
        self.names: Names = model_for(self.file, self.context).names
        self.receivers = Receivers(self.names)

    def visit_Assign(self, node: cst.Assign) -> None:
        TracksReceivers.visit_Assign(self, node)
        for target in node.targets:
            self._bound_metadata_assignment(target.target)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        found = self.names.sa(func)
        if isinstance(func, cst.Attribute):
            self._method(node, func)
        if found is not None:
            self._function(node, found.name, found.requires)
        self._autocommit(node, func, found.name if found is not None else None)

    # -- connectionless and string execution ---------------------------------------------------

    def _method(self, node: cst.Call, func: cst.Attribute) -> None:
        method = func.attr.value
        if method not in ("execute", "scalar"):
            return
        receiver = func.value
        shown = self.file.code_for(receiver)
        for known in self.receivers.of(receiver):
            if known.kind == ENGINE_VALUE:
                message = (
                    f"`{shown}.{method}()` was removed in SQLAlchemy 2.0 (connectionless "
                    f"execution): use `with {shown}.connect() as conn: conn.{method}(...)` "
                    f"(or `{shown}.begin()` to commit)"
                )
                if method == "execute" and _string_sql(node):
                    message += ", with the SQL wrapped in `text()`"
                self.report(node, message, requires=known.requires)
            elif (
                known.kind in (CONNECTION_VALUE, SESSION_VALUE)
                and method == "execute"
                and _string_sql(node)
            ):
                message = (
                    f"`{shown}.execute()` no longer accepts a plain SQL string in SQLAlchemy "
                    f"2.0: wrap it in `text()`"
                )
                if known.kind == CONNECTION_VALUE:
                    message += " (or use `exec_driver_sql()`)"
                self.report(node, message, requires=known.requires)
        if not node.args and _statement_root(receiver, self.names):
            self.report(
                node,
                f"`.{method}()` on a statement (implicit execution) was removed in SQLAlchemy "
                f"2.0: run it with `conn.{method}(stmt)` or `session.{method}(stmt)`",
            )

    # -- select([...]), case([...]), bound metadata --------------------------------------------

    def _function(self, node: cst.Call, name: str, requires: tuple[Condition, ...]) -> None:
        arguments = [a for a in node.args if a.keyword is None]
        first = arguments[0].value if arguments else None
        if name == "sqlalchemy.select":
            if isinstance(first, cst.List):
                self.report(
                    node,
                    "`select([...])` was removed in SQLAlchemy 2.0: pass the columns "
                    "positionally, `select(a, b)`, and add criteria with `.where()`",
                    requires=requires,
                )
            elif any(keyword(node, k) is not None for k in _SELECT_KEYWORDS):
                self.report(
                    node,
                    "`select()` keyword arguments were removed in SQLAlchemy 2.0: use "
                    "`select(...).where(...)`, `.select_from()`, `.order_by()`...",
                    requires=requires,
                )
        elif name == "sqlalchemy.case" and isinstance(first, cst.List):
            self.report(
                node,
                "`case([...])` was removed in SQLAlchemy 2.0: pass the `(condition, value)` "
                "pairs positionally, `case((cond, value), else_=...)`",
                requires=requires,
            )
        elif name == "sqlalchemy.MetaData":
            message = (
                "Bound metadata (`MetaData(bind=...)`) was removed in SQLAlchemy 2.0: pass "
                "the engine where it is used (`metadata.create_all(engine)`)"
            )
            if keyword(node, "bind") is not None:
                self.report(node, message, requires=requires)
            elif first is not None:
                for known in self.receivers.of(first):
                    if known.kind == ENGINE_VALUE:
                        self.report(node, message, requires=(*requires, *known.requires))
        elif name == "sqlalchemy.orm.declarative_base" and keyword(node, "bind") is not None:
            self.report(
                node,
                "`declarative_base(bind=...)` was removed in SQLAlchemy 2.0: bind the "
                "session or pass the engine where it is used",
                requires=requires,
            )
        elif name == "sqlalchemy.Table":
            autoload = keyword(node, "autoload")
            if autoload is not None and literal_bool(autoload.value) is not False:
                self.report(
                    autoload,
                    "`Table(..., autoload=True)` was removed in SQLAlchemy 2.0: use "
                    "`autoload_with=engine`",
                    requires=requires,
                )

    def _bound_metadata_assignment(self, target: cst.BaseExpression) -> None:
        if not isinstance(target, cst.Attribute) or target.attr.value != "bind":
            return
        owner = target.value
        requires: tuple[Condition, ...] | None = None
        if isinstance(owner, cst.Attribute) and owner.attr.value == "metadata":
            requires = ()
        else:
            requires = self.names.requirement(self.file.qualify(owner), METADATA)
        if requires is not None:
            self.report(
                target,
                "Bound metadata (`metadata.bind = ...`) was removed in SQLAlchemy 2.0: pass "
                "the engine where it is used (`metadata.create_all(engine)`)",
                requires=requires,
            )

    # -- autocommit ----------------------------------------------------------------------------

    def _autocommit(self, node: cst.Call, func: cst.BaseExpression, name: str | None) -> None:
        argument = keyword(node, "autocommit")
        if argument is not None and literal_bool(argument.value) is True:
            if isinstance(func, cst.Attribute) and func.attr.value == "execution_options":
                self.report(
                    argument,
                    "`execution_options(autocommit=True)` was removed in SQLAlchemy 2.0: "
                    "commit explicitly (`with engine.begin()`, `conn.commit()`), or use "
                    '`isolation_level="AUTOCOMMIT"` for driver-level autocommit',
                )
            elif name in _SESSION_FACTORIES:
                self.report(
                    argument,
                    "`autocommit=True` sessions were removed in SQLAlchemy 2.0: the session "
                    "begins a transaction on first use; commit with `session.commit()` or "
                    "`with session.begin():`",
                )
        options = keyword(node, "session_options")
        if options is not None and isinstance(options.value, cst.Dict):
            qualified = self.file.qualify(func) or ""
            if not qualified.startswith("flask_sqlalchemy."):
                return
            for element in options.value.elements:
                if (
                    isinstance(element, cst.DictElement)
                    and literal_string(element.key) == "autocommit"
                    and literal_bool(element.value) is True
                ):
                    self.report(
                        element,
                        "`autocommit=True` sessions were removed in SQLAlchemy 2.0: commit "
                        "with `db.session.commit()`",
                    )


def _string_sql(node: cst.Call) -> bool:
    if not node.args or node.args[0].keyword is not None:
        return False
    return isinstance(
        node.args[0].value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
    )


def _statement_root(receiver: cst.BaseExpression, names: Names) -> bool:
    """Whether ``receiver`` is a chain built on ``select()``/``insert()``/... or ``text()``."""
    current = receiver
    while isinstance(current, cst.Call) and isinstance(current.func, cst.Attribute):
        current = current.func.value
    if not isinstance(current, cst.Call):
        return False
    found = names.sa(current.func)
    return (
        found is not None
        and not found.requires
        and (found.name in _STATEMENTS or found.name == "sqlalchemy.text")
    )


def _may_report(view: SourceView, call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("execute", "scalar"):
        return True
    given = keywords(call)
    autocommit = next((k.value for k in call.keywords if k.arg == "autocommit"), None)
    if isinstance(autocommit, ast.Constant) and autocommit.value is True:
        return True
    options = next((k.value for k in call.keywords if k.arg == "session_options"), None)
    if isinstance(options, ast.Dict):
        return True
    name = sa_last(view, func)
    if name not in _FUNCTIONS:
        return False
    first = call.args[0] if call.args else None
    first = first.value if isinstance(first, ast.Starred) else first
    if name in ("select", "case") and isinstance(first, ast.List):
        return True
    if name == "select":
        return bool(given.intersection(_SELECT_KEYWORDS))
    if name == "MetaData":
        # libcst counts ``**kwargs`` among the positional arguments.
        return "bind" in given or bool(call.args) or len(given) < len(call.keywords)
    if name == "declarative_base":
        return "bind" in given
    return name == "Table" and "autoload" in given
