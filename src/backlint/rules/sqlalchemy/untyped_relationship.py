"""BK203 untyped-relationship: ``relationship()`` without a ``Mapped[...]`` annotation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import ClassVar

from backlint.diagnostics import Condition, Diagnostic, Edit, Fix
from backlint.facts import SymbolFact
from backlint.project import ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.sqlalchemy.kinds import DECLARATIVE, KNOWN_KINDS
from backlint.rules.sqlalchemy.options import sqlalchemy_options
from backlint.rules.sqlalchemy.relationship_facts import (
    IMPORT_MARKER,
    ColumnFact,
    MappedClassFact,
    RelationshipFact,
)
from backlint.sources.symbols import KindResolver


@dataclass(frozen=True, slots=True)
class Shape:
    """The annotation's form (``list``, ``set``, ``scalar``, ``optional``, ``dynamic``,
    ``write_only``) and why it is that one."""

    form: str
    why: str


@dataclass(frozen=True, slots=True)
class Plan:
    """How to annotate one relationship: its shape, and the import of its target class for
    type checkers (module as the file writes it, class name), if it needs one."""

    shape: Shape
    imported: tuple[str, str] | None = None
    missing: bool = False


class Project:
    """The project's mapped classes, for the questions relationships ask."""

    def __init__(self, project: ProjectFacts, context: RuleContext) -> None:
        options = sqlalchemy_options(context)
        self.classes = [fact for _, fact in project.facts(MappedClassFact)]
        local = [
            SymbolFact(c.qualname, kinds=frozenset({DECLARATIVE}))
            for c in self.classes
            if c.qualname is not None and (c.local or c.table is not None)
        ]
        known = dict(KNOWN_KINDS)
        for base in options.declarative_bases:
            known[base] = known.get(base, frozenset()) | {DECLARATIVE}
        symbols = [s for result in project.python_files() for s in result.symbols]
        self.kinds = KindResolver([*symbols, *local], known)
        self.by_qualname = {c.qualname: c for c in self.classes if c.qualname is not None}
        self.by_name: dict[str, list[MappedClassFact]] = {}
        for fact in self.classes:
            if fact.qualname is not None and self.mapped(fact):
                self.by_name.setdefault(fact.name, []).append(fact)

    def mapped(self, fact: MappedClassFact) -> bool:
        if fact.local is not None:
            return fact.local
        return fact.qualname is not None and DECLARATIVE in self.kinds.kinds(fact.qualname)

    def holds(self, conditions: tuple[Condition, ...]) -> bool:
        return all((c.kind in self.kinds.kinds(c.qualname)) == c.present for c in conditions)

    def target(self, relationship: RelationshipFact) -> MappedClassFact | None:
        if relationship.target_ref is not None:
            return self.by_qualname.get(relationship.target_ref)
        found = self.by_name.get(relationship.target or "", [])
        here = [f for f in found if f.module == relationship.module]
        if len(here) == 1:
            return here[0]
        return found[0] if len(found) == 1 else None

    def lineage(self, fact: MappedClassFact) -> list[MappedClassFact]:
        """The class and the mapped classes it inherits from, nearest first."""
        found = [fact]
        pending = list(fact.bases)
        while pending:
            parent = self.by_qualname.get(pending.pop(0))
            if parent is not None and parent not in found and self.mapped(parent):
                found.append(parent)
                pending.extend(parent.bases)
        return found

    def table(self, fact: MappedClassFact) -> str | None:
        return next((c.table for c in self.lineage(fact) if c.table), None)

    def referenced(self, fact: MappedClassFact) -> set[str]:
        return {t for c in self.lineage(fact) for t in c.referenced_tables()}


class UntypedRelationship(ProjectRule):
    """
    ## What it does
    Checks mapped classes for `relationship()` attributes without a `Mapped[...]`
    annotation, and annotates them:

    * a collection (one-to-many, or many-to-many through `secondary=`) becomes
      `Mapped[list["Child"]]` (`Mapped[set["Child"]]` with `collection_class=set`);
    * a many-to-one becomes `Mapped["Parent"]` when its foreign key column is NOT NULL, and
      `Mapped["Parent | None"]` (or `Mapped[Optional["Parent"]]`) when it is nullable;
    * `uselist=False` gives `Mapped["Child | None"]`;
    * `lazy="dynamic"` gives `DynamicMapped["Child"]`, `lazy="write_only"` gives
      `WriteOnlyMapped["Child"]`.

    Which side holds the foreign key decides between a collection and a scalar: the class's
    own `ForeignKey` columns and those of the target class, wherever in the project it is
    defined; `foreign_keys=`; `remote_side=` for self-referential relationships.
    Targets stay forward references in quotes, and a target class defined in another module
    is imported under `if TYPE_CHECKING:` so that type checkers resolve it without a run-time
    import cycle. All arguments of `relationship()` are kept.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 4: "Database models MUST use SQLAlchemy 2.0
    style". Without `Mapped[...]` a relationship is `Any` to type checkers. An annotation that
    is not `Mapped[...]` (`children: list["Child"] = relationship()`) is worse: SQLAlchemy 2.0
    raises an error when the class is created (unless `__allow_unmapped__` is set).

    ## Example
    ```python
    class Parent(Base):
        __tablename__ = "parent"
        id = Column(Integer, primary_key=True)
        children = relationship("Child", back_populates="parent")


    class Child(Base):
        __tablename__ = "child"
        id = Column(Integer, primary_key=True)
        parent_id = Column(ForeignKey("parent.id"))
        parent = relationship("Parent", back_populates="children")
    ```

    ## Use instead
    ```python
    class Parent(Base):
        __tablename__ = "parent"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        children: Mapped[list["Child"]] = relationship("Child", back_populates="parent")


    class Child(Base):
        __tablename__ = "child"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        parent_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id"))
        parent: Mapped["Parent | None"] = relationship("Parent", back_populates="children")
    ```

    ## Fix safety
    The fix is unsafe. The annotation's form now decides `uselist`: a non-collection
    annotation makes the relationship scalar, whatever the foreign keys say. backlint only
    offers the fix when the foreign keys it can read tell the direction, but a foreign key it
    cannot see (declared in a mixin's `declared_attr`, or by a `primaryjoin`) would make it
    wrong; review it. A relationship whose direction cannot be told (a `primaryjoin=` without
    `foreign_keys=`, a lambda target, a target class not found in the project, foreign keys
    on both sides) is reported without a fix.

    ## Options
    `[tool.backlint.sqlalchemy]`: `optional-style` (`"auto"`, `"optional"`, `"union"`),
    `declarative-bases`.
    """

    code = "BK203"
    name = "untyped-relationship"
    family = "sqlalchemy"
    summary = "Relationship declared without a `Mapped[...]` annotation"
    seed = "000"
    fix_availability = FixAvailability.UNSAFE
    known_kinds: ClassVar = KNOWN_KINDS

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        relationships = [fact for _, fact in project.facts(RelationshipFact)]
        if not relationships:
            return
        classes = Project(project, context)
        planned: list[tuple[RelationshipFact, Plan | None]] = []
        imports: dict[str, list[tuple[str, str]]] = {}
        for relationship in relationships:
            if not classes.mapped(relationship.owner) or not classes.holds(relationship.requires):
                continue
            plan = self._plan(classes, relationship)
            planned.append((relationship, plan))
            if plan is not None and plan.imported is not None:
                needed = imports.setdefault(relationship.path, [])
                if plan.imported not in needed:
                    needed.append(plan.imported)
        for relationship, plan in planned:
            yield self._diagnostic(relationship, plan, imports.get(relationship.path, []), context)

    def _plan(self, classes: Project, relationship: RelationshipFact) -> Plan | None:
        if relationship.other_annotation:
            return None
        target = classes.target(relationship)
        shape = self._shape(classes, relationship, target)
        if shape is None:
            return None
        if relationship.target_bound or (
            target is not None and target.module == relationship.module
        ):
            return Plan(shape)
        if target is not None and target.qualname is not None:
            module = _import_path(relationship, target.module)
            return Plan(shape, (module, target.name))
        return Plan(shape, missing=True)

    def _diagnostic(
        self,
        relationship: RelationshipFact,
        plan: Plan | None,
        imports: list[tuple[str, str]],
        context: RuleContext,
    ) -> Diagnostic:
        attr = relationship.attr
        if relationship.other_annotation:
            message = (
                f"Relationship `{attr}` is annotated without `Mapped[...]`, which SQLAlchemy "
                "2.0 rejects"
            )
            return self.diagnostic(relationship.path, relationship.span, message)
        message = f"Relationship `{attr}` has no `Mapped[...]` annotation"
        fix = self._fix(relationship, plan, imports, context) if plan is not None else None
        if fix is None:
            return self.diagnostic(relationship.path, relationship.span, message)
        annotation, built = fix
        message += f": use `{attr}: {annotation} = relationship(...)`"
        return self.diagnostic(relationship.path, relationship.span, message, fix=built)

    # -- the fix ---------------------------------------------------------------------------------

    def _fix(
        self,
        relationship: RelationshipFact,
        plan: Plan,
        imports: list[tuple[str, str]],
        context: RuleContext,
    ) -> tuple[str, Fix] | None:
        """The annotation, and the ``TYPE_CHECKING`` imports of every target the file's
        relationships need (one fix adds them all, so that the others need none)."""
        form = plan.shape.form
        if form == "optional":
            form = "optional-union" if _union(relationship, context) else "optional-typing"
        reasons = [plan.shape.why]
        if plan.missing:
            reasons.append(
                f"`{relationship.target}` was not found in the project; type checkers need "
                "it imported under `if TYPE_CHECKING:`"
            )
        extra: list[Edit] = []
        lines: list[str] = []
        existing = dict(relationship.guarded_imports)
        grouped: dict[str, list[str]] = {}
        for module, name in imports:
            grouped.setdefault(module, []).append(name)
        for module, names in grouped.items():
            if module in existing:
                end = existing[module]
                extra.append(Edit(end, end, "".join(f", {name}" for name in names)))
            else:
                lines.append(f"from {module} import {', '.join(names)}")
        prepared = relationship.prepared(form, bool(lines))
        if prepared is None:
            return None
        at = relationship.insert_at
        edits = [Edit(at, at, f": {prepared.annotation}"), *extra]
        for edit in prepared.edits:
            if IMPORT_MARKER in edit.content:
                edit = replace(edit, content=_with_lines(edit.content, lines))
            edits.append(edit)
        message = f"Annotate as `{prepared.annotation}` (unsafe: {'; '.join(reasons)})"
        return prepared.annotation, Fix.unsafe(message, edits)

    # -- the annotation's form -----------------------------------------------------------------

    def _shape(
        self,
        classes: Project,
        relationship: RelationshipFact,
        target: MappedClassFact | None,
    ) -> Shape | None:
        arguments = relationship.arguments
        owner = relationship.owner
        if arguments.starred or relationship.target is None:
            return None
        if arguments.lazy == "dynamic":
            return Shape("dynamic", '`lazy="dynamic"` keeps it a query')
        if arguments.lazy == "write_only":
            return Shape("write_only", '`lazy="write_only"` keeps it write-only')
        if arguments.lazy is None or arguments.uselist is None:
            return None
        if arguments.collection != "":
            collection = arguments.collection
            if arguments.uselist is False or collection not in ("list", "set"):
                return None
            return Shape(collection, f"`collection_class={collection}` makes it a collection")
        if arguments.uselist is False:
            return Shape("optional", "`uselist=False` makes it a scalar")
        if arguments.uselist is True:
            return Shape("list", "`uselist=True` makes it a collection")
        if arguments.secondary:
            return Shape("list", "`secondary=` makes it a many-to-many collection")
        if relationship.target == owner.name and (target is None or target == owner):
            return self._self_referential(classes, relationship)
        if arguments.remote_side or (arguments.primaryjoin and arguments.foreign_keys is None):
            return None
        if arguments.foreign_keys is not None:
            return self._by_foreign_keys(relationship)
        if target is None:
            return None
        return self._by_tables(classes, owner, target, relationship.target)

    def _self_referential(self, classes: Project, relationship: RelationshipFact) -> Shape | None:
        arguments = relationship.arguments
        if arguments.primaryjoin:
            return None
        if not arguments.remote_side:
            return Shape(
                "list", "a self-referential relationship without `remote_side=` is one-to-many"
            )
        table = classes.table(relationship.owner)
        columns = relationship.owner.columns_referencing(table) if table else []
        return _scalar(columns, "`remote_side=` makes it many-to-one")

    def _by_foreign_keys(self, relationship: RelationshipFact) -> Shape | None:
        owner = relationship.owner
        names = relationship.arguments.foreign_keys or ()
        local = []
        remote = 0
        for name in names:
            holder, _, attr = name.rpartition(".")
            if holder in ("", owner.name):
                column = owner.column(attr)
                if column is None:
                    return None
                local.append(column)
            else:
                remote += 1
        if local and not remote:
            return _scalar(local, "`foreign_keys=` names this class's columns: many-to-one")
        if remote and not local:
            return Shape("list", "`foreign_keys=` names the other class's columns: one-to-many")
        return None

    def _by_tables(
        self,
        classes: Project,
        owner: MappedClassFact,
        target: MappedClassFact,
        name: str,
    ) -> Shape | None:
        owner_table = classes.table(owner)
        target_table = classes.table(target)
        outgoing = target_table is not None and target_table in classes.referenced(owner)
        incoming = owner_table is not None and owner_table in classes.referenced(target)
        if outgoing and not incoming:
            assert target_table is not None
            columns = [
                column
                for holder in classes.lineage(owner)
                for column in holder.columns_referencing(target_table)
            ]
            constraints = [
                f
                for c in classes.lineage(owner)
                for f in c.foreign_key_constraints
                if f[1] == target_table
            ]
            if len(columns) != 1 and len(constraints) != 1:
                return None
            why = f"this class's foreign key to `{target_table}` makes it many-to-one"
            return _scalar(columns, why)
        if incoming and not outgoing:
            why = f"`{name}`'s foreign key to `{owner_table}` makes it one-to-many"
            return Shape("list", why)
        return None


def _scalar(columns: list[ColumnFact], why: str) -> Shape:
    if columns and all(c.nullable is False for c in columns):
        return Shape("scalar", why)
    return Shape("optional", why)


def _union(relationship: RelationshipFact, context: RuleContext) -> bool:
    style = sqlalchemy_options(context).optional_style
    if context.target_version < (3, 10) or style == "optional":
        return False
    return style == "union" or not relationship.uses_optional


def _with_lines(content: str, lines: list[str]) -> str:
    """Prepared block content with the import lines in place of the marker, each indented
    as the marker is."""
    at = content.index(IMPORT_MARKER)
    indent = content[:at].rsplit("\n", 1)[-1]
    newline = "\r\n" if "\r\n" in content else "\n"
    return content.replace(IMPORT_MARKER, (newline + indent).join(lines))


def _import_path(relationship: RelationshipFact, module: str) -> str:
    """``.sibling`` for a module of the same package, the absolute name otherwise."""
    package = relationship.package
    if package and module.startswith(f"{package}.") and "." not in module[len(package) + 1 :]:
        return "." + module[len(package) + 1 :]
    return module
