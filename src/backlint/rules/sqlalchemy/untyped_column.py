"""BK202 untyped-column: ``x = Column(...)`` in a mapped class."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from backlint.diagnostics import Edit, Fix
from backlint.rule import FixAvailability, PythonRule, RuleContext
from backlint.rules.sqlalchemy.annotate import annotation_edit, is_optional, spelling_for
from backlint.rules.sqlalchemy.gates import keywords, may_hold_mapped, sa_last
from backlint.rules.sqlalchemy.kinds import KNOWN_KINDS, Branch, certain, combine, exclusive
from backlint.rules.sqlalchemy.kinds import pytype_kind as _pytype_kind
from backlint.rules.sqlalchemy.model import (
    COLUMN,
    MAPPED_COLUMN,
    ClassInfo,
    ColumnSite,
    FileModel,
    model_for,
)
from backlint.rules.sqlalchemy.names import PROJECT_TOKENS
from backlint.rules.sqlalchemy.options import sqlalchemy_options
from backlint.rules.sqlalchemy.spelling import CannotSpell
from backlint.rules.sqlalchemy.types import PYTHON_TYPES, ColumnType, PyType, evaluate, unknown

if TYPE_CHECKING:
    from backlint.sources.view import SourceView

REQUIRED_TEXT = ("Column", "mapped_column", "Mapped", "__tablename__", "Table(")


@dataclass(frozen=True, slots=True)
class Plan:
    """One way to convert a column: its Python type, and whether to drop the SQL type."""

    python: ColumnType
    drop_type: bool = False


class UntypedColumn(PythonRule):
    """
    ## What it does
    Checks mapped classes (and mixins of mapped classes) for columns declared in the
    SQLAlchemy 1.x style, `name = Column(...)`, and for `mapped_column()` without a
    `Mapped[...]` annotation. The fix writes `name: Mapped[T] = mapped_column(...)`.

    Mapped classes are recognised whatever their base: a `declarative_base()` result, a
    `DeclarativeBase` subclass, Flask-SQLAlchemy's `db.Model` (with `db.Column`), a base
    imported from another module of the project, or any class naming its `__tablename__`.
    `Column` inside Core `Table(...)` definitions and Alembic migrations is Core and is never
    reported, nor is a `Column` that is not SQLAlchemy's (django-tables2, your own classes).

    **The Python type `T`** comes from the SQL type, following SQLAlchemy's own
    `python_type`: `Integer`, `BigInteger`, `SmallInteger` give `int`; `String`, `Text`,
    `Unicode`, `Enum("a", "b")` give `str`; `Boolean` gives `bool`; `Float` gives `float`;
    `Numeric` gives `Decimal` (`float` with `asdecimal=False`); `DateTime`, `Date`, `Time`,
    `Interval` give `datetime`, `date`, `time`, `timedelta`; `LargeBinary` gives `bytes`;
    `Uuid` gives `uuid.UUID`; `Enum(MyEnum)` gives `MyEnum`; `ARRAY(Integer)` gives
    `list[int]`. A `ForeignKey` column without a type takes the type of the column it
    references, found in the project (`ForeignKey("users.id")` reads the class whose
    `__tablename__` is `users`, or the Core `Table("users", ...)`).

    **Nullability** is kept exactly. A 1.x column is nullable unless it says otherwise, but
    `mapped_column()` without `nullable=` takes its nullability from the annotation. So the
    annotation is `Optional[T]` (or `T | None`) exactly when the column is nullable:

    1. an explicit `nullable=True` / `nullable=False` decides;
    2. otherwise a primary key (`primary_key=True`, or a `PrimaryKeyConstraint` of
       `__table_args__`) or an `Identity()` column is NOT NULL;
    3. otherwise the column is nullable.

    `Column(String)` therefore becomes `Mapped[str | None]`, never `Mapped[str]` (which would
    silently make it NOT NULL). `nullable=` is kept as written.

    **The SQL type stays in `mapped_column()`**: lengths, `Text`, `BigInteger`,
    `Numeric(10, 2)`, `DateTime(timezone=True)`, `JSON`, `ARRAY`, custom types and `Enum`
    options all keep the DDL exactly as it was. With the `drop-redundant-types` option, a
    bare type that the annotation implies under SQLAlchemy 2's default type map (`Integer`,
    `String`, `Boolean`, `DateTime`, `Date`, `Time`, `Interval`, `LargeBinary`, `Numeric`,
    `Uuid`, `Enum(MyEnum)`) is left out, unless the base has a `type_annotation_map`.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 4: "Database models MUST use SQLAlchemy 2.0 style"
    with `Mapped` and `mapped_column`. An untyped column is `Any` to type checkers: reading
    `user.email` gives no type, and `Column[str]` on the instance is simply wrong.

    ## Example
    ```python
    class User(Base):
        __tablename__ = "users"

        id = Column(Integer, primary_key=True)
        email = Column(String(255), nullable=False)
        full_name = Column(String(100))
        team_id = Column(ForeignKey("teams.id"))
    ```

    ## Use instead
    ```python
    class User(Base):
        __tablename__ = "users"

        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        email: Mapped[str] = mapped_column(String(255), nullable=False)
        full_name: Mapped[str | None] = mapped_column(String(100))
        team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    ```

    ## Fix safety
    The fix is safe when `T` is certain: the column's DDL is unchanged (the SQL type is kept,
    the annotation's nullability is the column's) and the type is SQLAlchemy's own. It is
    unsafe, with the reason in the fix's message, when `T` is a best guess: a custom type,
    `JSON` (`dict[str, Any]` assumed), an `Enum` whose class could not be confirmed, a
    `ForeignKey` whose referenced column could not be found (`int` assumed), or a
    `nullable=` that is not a literal. A column whose nullability depends on a non-literal
    `primary_key=`, a column without any SQL type, and a column that the class body uses as
    a `Column` object (`id.label("x")`: the object `mapped_column()` returns has no `label`)
    get no fix; passing the column around (`remote_side=[id]`, `UniqueConstraint(a, b)`,
    `order_by=name.desc()`, `id == Other.id`) works the same after the fix.

    ## Options
    `[tool.backlint.sqlalchemy]`: `optional-style` (`"auto"`, `"optional"`, `"union"`),
    `drop-redundant-types`, `declarative-bases`.
    """

    code = "BK202"
    name = "untyped-column"
    family = "sqlalchemy"
    summary = "Column declared without a `Mapped[...]` annotation"
    seed = "000"
    fix_availability = FixAvailability.SOMETIMES
    required_text = REQUIRED_TEXT
    known_kinds: ClassVar = KNOWN_KINDS
    # Its findings need SQLAlchemy's names (names.PROJECT_TOKENS), but the facts it records
    # confirm BK204's in any project: a class naming its `__tablename__`, or deriving from a
    # base the `declarative-bases` option names, is mapped. So it sleeps only where no file
    # mentions SQLAlchemy or `__tablename__` and that option is empty.
    project_tokens: ClassVar = (*PROJECT_TOKENS, "__tablename__")

    @classmethod
    def tokens_for(cls, context: RuleContext) -> Sequence[str]:
        if sqlalchemy_options(context).declarative_bases:
            return ()
        return cls.project_tokens

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """A class the model records facts about or finds columns in, or a module-level
        statement it records facts of (``Table(...)``, ``declarative_base(type_annotation_map=
        ...)``, ``SQLAlchemy(model_class=...)``).

        The facts go to other files too (a mixin-of fact for each qualified base of a class),
        so any class with a base this file can qualify counts.
        """
        if any(may_hold_mapped(view, node) for node in view.nodes(ast.ClassDef)):
            return True
        for call in view.nodes(ast.Call):
            given = keywords(call)
            if "model_class" in given:
                return True
            name = sa_last(view, call.func)
            if name == "Table" or (name == "declarative_base" and "type_annotation_map" in given):
                return True
        return False

    def visit_Module(self, node: cst.Module) -> None:
        model = model_for(self.file, self.context)
        self.facts.extend(model.facts)
        for info in model.classes:
            holders = model.holder_branches(info, mixins=True)
            if not holders:
                continue
            for site in info.columns:
                if _needs_conversion(site, info):
                    self._check(model, info, site, holders)

    def _check(
        self,
        model: FileModel,
        info: ClassInfo,
        site: ColumnSite,
        holders: list[Branch[bool]],
    ) -> None:
        assert site.callee is not None
        callee = [Branch(site.callee.requires, None)]
        for branch in combine(callee, self._branches(model, info, site, holders)):
            conditions, (mixin, plan) = branch.requires, branch.value[1]
            if plan is None:
                self.report(site.statement, self._message(site, None), requires=conditions)
                continue
            annotation, fix = self._fix(model, info, site, plan, mixin)
            message = self._message(site, annotation)
            self.report(site.statement, message, fix=fix, requires=conditions)

    def _branches(
        self,
        model: FileModel,
        info: ClassInfo,
        site: ColumnSite,
        holders: list[Branch[bool]],
    ) -> list[Branch[tuple[bool, Plan | None]]]:
        spec = site.spec
        plans: list[Branch[Plan | None]]
        if spec.opaque or (spec.nullable is None and not spec.explicit_nullable):
            plans = certain(None)
        elif site.mapped_annotation is not None:
            plans = certain(Plan(ColumnType(PyType("typing.Any"))))
        elif spec.type_node is not None:
            evaluated = evaluate(spec.type_node, model.names)
            plans = [Branch(b.requires, Plan(b.value)) for b in evaluated]
            if sqlalchemy_options(self.context).drop_redundant_types and not spec.foreign_keys:
                plans = self._droppable(model, info, plans)
        elif len(spec.foreign_keys) == 1 and spec.foreign_keys[0].key is not None:
            plans = _foreign_key_plans(site)
        else:
            plans = certain(None)
        return combine(holders, plans)

    def _droppable(
        self, model: FileModel, info: ClassInfo, plans: list[Branch[Plan | None]]
    ) -> list[Branch[Plan | None]]:
        out: list[Branch[Plan | None]] = []
        for branch in plans:
            plan = branch.value
            if plan is None or not plan.python.droppable or not plan.python.certain:
                out.append(branch)
                continue
            for mapped in model.type_map_branches(info):
                requires = (*branch.requires, *mapped.requires)
                out.append(Branch(requires, Plan(plan.python, drop_type=not mapped.value)))
        return out

    def _message(self, site: ColumnSite, annotation: str | None) -> str:
        shown = annotation or "Mapped[...]"
        form = f"`{site.attr}: {shown} = mapped_column(...)`"
        if site.callee is not None and site.callee.name == COLUMN:
            return f"Column `{site.attr}` is declared in the 1.x style: use {form}"
        return f"`{site.attr}` has no `Mapped[...]` annotation: use {form}"

    def _fix(
        self, model: FileModel, info: ClassInfo, site: ColumnSite, plan: Plan, mixin: bool
    ) -> tuple[str | None, Fix | None]:
        assert site.call is not None and site.callee is not None
        spelling = spelling_for(model.names, self.context, info.shadowed)
        spec = site.spec
        reasons: list[str] = []
        add_nullable: bool | None = None
        drop = plan.drop_type and not mixin
        try:
            mapped = spelling.ref("sqlalchemy.orm", "Mapped")
            rename = site.callee.name == COLUMN
            function = spelling.ref("sqlalchemy.orm", "mapped_column") if rename else None
            if site.mapped_annotation is not None:
                annotation = None
                written = is_optional(site.mapped_annotation, self.file)
                if not spec.explicit_nullable and written is not _effective(site, info):
                    add_nullable = _effective(site, info)
            else:
                inner = spelling.python(plan.python.python)
                nullable = _effective(site, info)
                if nullable is None:
                    reasons.append("`nullable` is not a literal; a nullable type is assumed")
                if nullable is not False:
                    inner = spelling.optional(inner)
                annotation = f"{mapped}[{inner}]"
                if plan.python.reason:
                    reasons.append(plan.python.reason)
        except CannotSpell:
            return None, None
        if rename and not info.keeps_column_semantics(site.attr):
            # `id.label("x")` works on a Column, not on the object mapped_column() returns.
            return None, None
        edits: list[Edit] = []
        if annotation is not None:
            edits.append(annotation_edit(self.file, site.target, site.annotation, annotation))
        edits.extend(self._call_edits(site, function, drop, add_nullable))
        edits.extend(spelling.edits())
        if annotation is not None:
            shown = annotation
        else:
            assert site.annotation is not None
            shown = self.file.code_for(site.annotation.annotation)
        message = f"Convert to `{site.attr}: {shown} = mapped_column(...)`"
        if reasons:
            return shown, Fix.unsafe(f"{message} (unsafe: {'; '.join(reasons)})", edits)
        return shown, Fix.safe(message, edits)

    def _call_edits(
        self,
        site: ColumnSite,
        function: str | None,
        drop: bool,
        add_nullable: bool | None,
    ) -> list[Edit]:
        call = site.call
        assert call is not None
        if not drop and add_nullable is None:
            return [self.replacement(call.func, function)] if function is not None else []
        arguments = list(call.args)
        if drop and site.spec.type_arg is not None:
            arguments = _without(arguments, site.spec.type_arg)
        if add_nullable is not None:
            arguments = _with_keyword(arguments, "nullable", str(add_nullable))
        changed = call.with_changes(args=arguments)
        if function is not None:
            changed = changed.with_changes(func=cst.parse_expression(function))
        return [self.replacement(call, changed)]


def _needs_conversion(site: ColumnSite, info: ClassInfo) -> bool:
    if site.call is None or site.callee is None:
        return False
    if site.callee.name == COLUMN:
        return (
            site.annotation is None
            or site.mapped_annotation is not None
            or not (info.allow_unmapped)
        )
    if site.callee.name == MAPPED_COLUMN:
        if site.mapped_annotation is not None:
            return False
        return site.annotation is None or not info.allow_unmapped
    return False


def _effective(site: ColumnSite, info: ClassInfo) -> bool | None:
    """The column's nullability as SQLAlchemy 1.x decides it."""
    spec = site.spec
    if not spec.explicit_nullable and (
        spec.primary_key or site.sql_name in info.primary_key_columns
    ):
        return False
    return spec.nullable


def _foreign_key_plans(site: ColumnSite) -> list[Branch[Plan | None]]:
    reference = site.spec.foreign_keys[0]
    key = reference.key
    assert key is not None
    options = [(_pytype_kind(python), Plan(ColumnType(PyType(python)))) for python in PYTHON_TYPES]
    reason = f"the type of the referenced column `{reference.describe()}` is not known here"
    fallback = Plan(unknown(f"{reason}; `int` assumed", PyType("int")))
    branches: Sequence[Branch[Plan]] = exclusive(key, options, fallback)
    return [Branch(b.requires, b.value) for b in branches]


def _without(arguments: list[cst.Arg], removed: cst.Arg) -> list[cst.Arg]:
    index = arguments.index(removed)
    kept = arguments[:index] + arguments[index + 1 :]
    if index == len(arguments) - 1 and kept:
        kept[-1] = kept[-1].with_changes(comma=removed.comma)
    return kept


def _with_keyword(arguments: list[cst.Arg], name: str, value: str) -> list[cst.Arg]:
    new = cst.Arg(
        value=cst.parse_expression(value),
        keyword=cst.Name(name),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    if not arguments:
        return [new]
    last = arguments[-1]
    trailing = last.comma
    separated = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return [*arguments[:-1], separated, new.with_changes(comma=trailing)]
