"""BK204 legacy-query-api: ``session.query(...)``."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from backlint.rule import PythonRule
from backlint.rules.sqlalchemy.kinds import DECLARATIVE, KNOWN_KINDS
from backlint.rules.sqlalchemy.model import model_for
from backlint.rules.sqlalchemy.receivers import SESSION_VALUE, Receivers, TracksReceivers

if TYPE_CHECKING:
    from backlint.sources.view import SourceView

# Query methods that select() has under the same name.
_SAME = frozenset(
    {
        "filter_by",
        "order_by",
        "group_by",
        "having",
        "limit",
        "offset",
        "join",
        "outerjoin",
        "options",
        "distinct",
        "select_from",
        "where",
        "with_for_update",
        "execution_options",
    }
)
_TERMINALS = frozenset(
    {"all", "first", "one", "one_or_none", "scalar", "get", "count", "delete", "update"}
)
_SESSIONISH = re.compile(r"(session|^db$|^db_|_db$|^sess$|^dbs$)", re.IGNORECASE)
_LONGEST = 140


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    arguments: str
    synchronize: str | None = None


class LegacyQueryApi(TracksReceivers, PythonRule):
    """
    ## What it does
    Checks for the legacy `Query` API, `session.query(...)`, and says in the message what the
    2.0 form of that exact chain is:

    * `session.query(User).get(42)`:
      `session.get(User, 42)`
    * `session.query(User).all()`:
      `session.scalars(select(User)).all()`
    * `session.query(User).filter(c).first()`:
      `session.scalars(select(User).where(c).limit(1)).first()`
    * `session.query(User).filter_by(name=n).one()`:
      `session.scalars(select(User).filter_by(name=n)).one()`
    * `session.query(User).options(joinedload(User.items)).all()`:
      `session.scalars(select(User).options(joinedload(User.items))).unique().all()`
    * `session.query(User.id, User.name).all()`:
      `session.execute(select(User.id, User.name)).all()`
    * `session.query(User).count()`:
      `session.scalar(select(func.count()).select_from(User))`
    * `session.query(User).filter(c).delete()`:
      `session.execute(delete(User).where(c))`
    * `session.query(User).filter(c).update(v)`:
      `session.execute(update(User).where(c).values(v))`

    The receiver must be known to be a session: annotated `Session` (or `scoped_session`,
    `AsyncSession`), created by `Session(...)`, a `sessionmaker()` or `scoped_session()`
    (also one defined in another module of the project), Flask-SQLAlchemy's `db.session`, or
    a variable named like a session (`session`, `db`, `db_session`) querying a mapped class.
    Other `.query()` methods (pandas' `DataFrame.query`, search clients) are left alone.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 4: "Database models MUST use SQLAlchemy 2.0
    style". SQLAlchemy 2.0 keeps `Session.query()` only as a legacy API: new features land
    in `select()`, results of the two differ (no automatic uniquing, no implicit `LIMIT` for
    `first()`), and type checkers see `Query[Any]` where `select(User)` gives `User`.

    ## Example
    ```python
    user = db.query(User).filter(User.email == email).first()
    ```

    ## Use instead
    ```python
    user = db.scalars(select(User).where(User.email == email).limit(1)).first()
    ```

    ## Fix safety
    There is no fix: the 2.0 form returns `Row` objects or scalars where the legacy form
    returned entities or tuples, and code using the result may need to change with it.
    """

    code = "BK204"
    name = "legacy-query-api"
    family = "sqlalchemy"
    summary = "Legacy `Session.query()` API"
    seed = "000"
    required_text = (".query(",)
    known_kinds: ClassVar = KNOWN_KINDS
    # No project tokens: a session-like name querying a class that names its `__tablename__`
    # is reported in a project that never names SQLAlchemy (names.PROJECT_TOKENS).

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """A ``X.query(...)`` call: every chain the rule reports starts with one."""
        return any(
            isinstance(call.func, ast.Attribute) and call.func.attr == "query"
            for call in view.nodes(ast.Call)
        )

    def visit_Module(self, node: cst.Module) -> None:
        self.model = model_for(self.file, self.context)
        self.receivers = Receivers(self.model.names)
        self._handled: set[int] = set()

    def visit_Call(self, node: cst.Call) -> None:
        if id(node) in self._handled:
            return
        chain = _chain(node)
        if chain is None:
            return
        self._handled.update(id(call) for call in chain)
        query = chain[0]
        assert isinstance(query.func, cst.Attribute)
        receiver = query.func.value
        sessions = [k for k in self.receivers.of(receiver) if k.kind == SESSION_VALUE]
        requirements = [k.requires for k in sessions]
        if not requirements:
            entity = query.args[0].value if query.args and not query.args[0].keyword else None
            if entity is None or not _SESSIONISH.search(_last_name(receiver)):
                return
            if isinstance(entity, cst.Attribute):
                entity = entity.value
            required = self.model.names.requirement(self.file.qualify(entity), DECLARATIVE)
            if required is None:
                return
            requirements = [required]
        message = self._message(receiver, query, chain[1:])
        for requires in requirements:
            self.report(node, message, requires=requires)

    def _message(
        self, receiver: cst.BaseExpression, query: cst.Call, steps: list[cst.Call]
    ) -> str:
        r = self.file.code_for(receiver)
        modern = self._modern(r, query, steps, elide=False)
        if modern is not None and len(modern) > _LONGEST:
            modern = self._modern(r, query, steps, elide=True)
        if modern is None:
            return (
                f"`{r}.query()` is the legacy Query API: build a `select()` statement and run "
                f"it with `{r}.execute()` or `{r}.scalars()`"
            )
        if modern.startswith("build "):
            return f"`{r}.query()` is the legacy Query API; in 2.0 style, {modern}"
        return f"`{r}.query()` is the legacy Query API; in 2.0 style: `{modern}`"

    def _modern(
        self, r: str, query: cst.Call, calls: list[cst.Call], *, elide: bool
    ) -> str | None:
        def shown(call: cst.Call, skip: str | None = None) -> str:
            kept = [a for a in call.args if a.keyword is None or a.keyword.value != skip]
            if not kept:
                return ""
            if elide:
                return "..."
            return ", ".join(
                self.file.code_for(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in kept
            )

        def synchronize(call: cst.Call) -> str | None:
            found = next(
                (a for a in call.args if a.keyword and a.keyword.value == "synchronize_session"),
                None,
            )
            return None if found is None else self.file.code_for(found.value)

        selected = shown(query)
        entity = _is_entity(query)
        steps = [
            Step(c.func.attr.value, shown(c, "synchronize_session"), synchronize(c))
            for c in calls
            if isinstance(c.func, cst.Attribute)
        ]
        terminal = steps.pop() if steps and steps[-1].name in _TERMINALS else None
        statement = f"select({selected})"
        filters = ""
        for step in steps:
            if step.name == "filter":
                statement += f".where({step.arguments})"
                filters += f".where({step.arguments})"
            elif step.name in _SAME:
                statement += f".{step.name}({step.arguments})"
            else:
                return None
        only_filters = all(s.name in ("filter", "where") for s in steps)
        unique = ".unique()" if entity and "joinedload" in statement else ""
        if terminal is None:
            runner = f"{r}.scalars()" if entity else f"{r}.execute()"
            return f"build `{statement}` and run it with `{runner}`"
        name, arguments = terminal.name, terminal.arguments
        options = (
            f".execution_options(synchronize_session={terminal.synchronize})"
            if terminal.synchronize
            else ""
        )
        if name in ("all", "one", "one_or_none"):
            if entity:
                return f"{r}.scalars({statement}){unique}.{name}()"
            return f"{r}.execute({statement}).{name}()"
        if name == "first":
            if entity:
                return f"{r}.scalars({statement}.limit(1)){unique}.first()"
            return f"{r}.execute({statement}.limit(1)).first()"
        if name == "scalar":
            return f"{r}.scalar({statement})"
        if name == "get" and not steps and entity:
            return f"{r}.get({selected}, {arguments})"
        if name == "count":
            if not steps:
                return f"{r}.scalar(select(func.count()).select_from({selected}))"
            return f"{r}.scalar(select(func.count()).select_from({statement}.subquery()))"
        if name == "delete" and entity and only_filters:
            return f"{r}.execute(delete({selected}){filters}{options})"
        if name == "update" and entity and only_filters:
            return f"{r}.execute(update({selected}){filters}.values({arguments}){options})"
        return None


def _chain(node: cst.Call) -> list[cst.Call] | None:
    """The calls from ``X.query(...)`` up to ``node``, if ``node`` ends such a chain."""
    calls: list[cst.Call] = []
    current: cst.BaseExpression = node
    while isinstance(current, cst.Call) and isinstance(current.func, cst.Attribute):
        calls.append(current)
        if current.func.attr.value == "query":
            calls.reverse()
            return calls
        current = current.func.value
    return None


def _is_entity(query: cst.Call) -> bool:
    """``query(User)``: one class (its rows are objects), not columns."""
    if len(query.args) != 1 or query.args[0].keyword is not None:
        return False
    value = query.args[0].value
    name = value.value if isinstance(value, cst.Name) else None
    if isinstance(value, cst.Attribute):
        name = value.attr.value
    return name is not None and name[:1].isupper()


def _last_name(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return ""
