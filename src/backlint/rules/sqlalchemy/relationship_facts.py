"""Facts about mapped classes and their relationships, gathered file by file for BK203.

Whether a relationship is a collection depends on which side holds the foreign key, and the
annotation of ``relationship("Child")`` needs ``Child`` imported for type checkers: both are
questions about other modules. So each file contributes what it knows (its classes, their
tables and foreign keys, its untyped relationships with the edits their annotations would
need), and the project rule answers with every file's facts at hand.

Collected facts read no options; the edits are prepared for each form of annotation so that
the project rule only picks one.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from backlint.diagnostics import Condition, Edit, Position
from backlint.manifests import Span
from backlint.rule import FactCollector
from backlint.rules.sqlalchemy.gates import calls_named, may_be_mapped
from backlint.rules.sqlalchemy.model import (
    ClassInfo,
    FileModel,
    RelationshipSite,
    keyword,
    literal_bool,
    literal_string,
    model_for,
)
from backlint.rules.sqlalchemy.names import PROJECT_TOKENS
from backlint.rules.sqlalchemy.spelling import CannotSpell, Spelling, type_checking_block
from backlint.sources.symbols import dotted

if TYPE_CHECKING:
    from backlint.sources.view import SourceView

# Stands for the import line of the target class in prepared edits.
IMPORT_MARKER = "\x00import\x00"
FORMS = ("list", "set", "scalar", "optional-union", "optional-typing", "dynamic", "write_only")
_CONSTANTS = ("True", "False", "None")


@dataclass(frozen=True, slots=True)
class ColumnFact:
    attr: str
    sql_name: str
    nullable: bool | None
    foreign_tables: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MappedClassFact:
    """A class that may be mapped: module-level (``qualname``) or local to a function."""

    module: str
    qualname: str | None
    name: str
    bases: tuple[str, ...]
    local: bool | None
    table: str | None
    columns: tuple[ColumnFact, ...]
    foreign_key_constraints: tuple[tuple[tuple[str, ...], str], ...]

    def referenced_tables(self) -> tuple[str, ...]:
        tables = [t for c in self.columns for t in c.foreign_tables]
        tables.extend(table for _, table in self.foreign_key_constraints)
        return tuple(dict.fromkeys(tables))

    def columns_referencing(self, table: str) -> list[ColumnFact]:
        found = [c for c in self.columns if table in c.foreign_tables]
        for local, referenced in self.foreign_key_constraints:
            if referenced == table:
                found.extend(c for c in self.columns if c.sql_name in local and c not in found)
        return found

    def column(self, attr: str) -> ColumnFact | None:
        return next((c for c in self.columns if c.attr == attr), None)


@dataclass(frozen=True, slots=True)
class Arguments:
    """What the ``relationship()`` call says about its direction and collection.

    ``lazy``: ``"dynamic"``, ``"write_only"``, ``"other"`` or ``None`` when not a literal;
    ``uselist`` likewise ``True``/``False``/``"absent"``/``None``; ``collection``: the
    ``collection_class`` name (``""`` when absent, ``None`` when not a plain name);
    ``foreign_keys``: the names it lists (``None`` when absent, ``()`` when unreadable).
    """

    lazy: str | None = "other"
    uselist: bool | str | None = "absent"
    collection: str | None = ""
    secondary: bool = False
    remote_side: bool = False
    primaryjoin: bool = False
    foreign_keys: tuple[str, ...] | None = None
    starred: bool = False


@dataclass(frozen=True, slots=True)
class Form:
    """One prepared annotation: its text and the edits it needs besides its own insertion
    (imports; the ``TYPE_CHECKING`` import of the target when ``guarded``)."""

    form: str
    guarded: bool
    annotation: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class RelationshipFact:
    """A ``relationship()`` of a class body without a ``Mapped[...]`` annotation."""

    path: str
    module: str
    package: str
    owner: MappedClassFact
    attr: str
    span: Span
    insert_at: Position
    target: str | None
    target_ref: str | None
    target_bound: bool
    other_annotation: bool
    allow_unmapped: bool
    arguments: Arguments
    forms: tuple[Form, ...]
    uses_optional: bool
    # Conditions under which the callee is SQLAlchemy's `relationship` (`db.relationship`).
    requires: tuple[Condition, ...] = ()
    # ``from M import ...`` statements of the module's ``if TYPE_CHECKING:`` block, as written,
    # with the position after their last name.
    guarded_imports: tuple[tuple[str, Position], ...] = ()

    def prepared(self, form: str, guarded: bool) -> Form | None:
        return next((f for f in self.forms if f.form == form and f.guarded == guarded), None)


class RelationshipCollector(FactCollector):
    """Gathers :class:`MappedClassFact` and :class:`RelationshipFact` records."""

    required_text: ClassVar = ("relationship", "Column", "mapped_column", "__tablename__")
    # BK203 reads the class facts only for relationships, and a relationship is a call
    # `Names.sa` names `relationship` (see names.PROJECT_TOKENS).
    project_tokens: ClassVar = PROJECT_TOKENS

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """A ``relationship()`` call, or a class that may be mapped (``may_be_mapped``): the
        collector records a :class:`MappedClassFact` for those only."""
        if calls_named(view, ("relationship",)):
            return True
        return any(may_be_mapped(view, node) for node in view.nodes(ast.ClassDef))

    def visit_Module(self, node: cst.Module) -> None:
        model = model_for(self.file, self.context)
        classes = {id(info): _class_fact(model, info) for info in model.classes}
        # The project rule reads a class's fact when it may be mapped (its bases, table and
        # foreign keys; its name for string targets): a class that cannot be is left out.
        self.facts.extend(classes[id(info)] for info in model.classes if model.may_be_mapped(info))
        for info in model.classes:
            for site in info.relationships:
                if site.mapped_annotation is None:
                    self.facts.append(self._relationship(model, info, classes[id(info)], site))

    def _relationship(
        self, model: FileModel, info: ClassInfo, owner: MappedClassFact, site: RelationshipSite
    ) -> RelationshipFact:
        file = self.file
        first = site.call.args[0].value if site.call.args else None
        target_ref = None
        positional = site.call.args[0].keyword is None if site.call.args else False
        if positional and isinstance(first, (cst.Name, cst.Attribute)):
            target_ref = file.qualify(first)
        target = site.target_name
        bound = target is not None and (
            target == info.name or target in file.symbols.aliases or target_ref is not None
        )
        module = file.module_name
        package = module if file.is_package else module.rpartition(".")[0]
        forms: list[Form] = []
        if target is not None and site.annotation is None:
            for form in FORMS:
                for guarded in (False, True):
                    prepared = self._form(model, info, form, target, guarded)
                    if prepared is not None:
                        forms.append(prepared)
        uses_optional = any(
            t in ("typing.Optional", "typing_extensions.Optional")
            for t in file.symbols.aliases.values()
        )
        return RelationshipFact(
            path=file.path,
            module=module,
            package=package,
            owner=owner,
            attr=site.attr,
            span=file.span(site.statement),
            insert_at=file.span(site.target).end,
            target=target,
            target_ref=target_ref,
            target_bound=bound,
            other_annotation=site.annotation is not None,
            allow_unmapped=info.allow_unmapped,
            arguments=_arguments(site.call),
            forms=tuple(forms),
            uses_optional=uses_optional,
            guarded_imports=self._guarded_imports(),
            requires=site.callee.requires,
        )

    def _guarded_imports(self) -> tuple[tuple[str, Position], ...]:
        block = type_checking_block(self.file)
        if block is None or not isinstance(block.body, cst.IndentedBlock):
            return ()
        found = []
        for statement in block.body.body:
            if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                continue
            small = statement.body[0]
            if (
                isinstance(small, cst.ImportFrom)
                and not isinstance(small.names, cst.ImportStar)
                and small.rpar is None
            ):
                written = "." * len(small.relative) + (dotted(small.module) or "")
                found.append((written, self.file.span(small.names[-1]).end))
        return tuple(found)

    def _form(
        self, model: FileModel, info: ClassInfo, form: str, target: str, guarded: bool
    ) -> Form | None:
        spelling = Spelling(
            model.names,
            self.context.target_version,
            shadowed=info.shadowed,
            union_style=form != "optional-typing",
        )
        quoted = f'"{target}"'
        try:
            mapped = spelling.ref("sqlalchemy.orm", "Mapped")
            if form in ("list", "set"):
                annotation = f"{mapped}[{spelling.generic(form)}[{quoted}]]"
            elif form == "scalar":
                annotation = f"{mapped}[{quoted}]"
            elif form.startswith("optional"):
                annotation = f"{mapped}[{spelling.forward_optional(target)}]"
            else:
                container = "DynamicMapped" if form == "dynamic" else "WriteOnlyMapped"
                annotation = f"{spelling.ref('sqlalchemy.orm', container)}[{quoted}]"
            edits = spelling.edits([IMPORT_MARKER] if guarded else [])
        except CannotSpell:
            return None
        return Form(form, guarded, annotation, tuple(edits))


def _class_fact(model: FileModel, info: ClassInfo) -> MappedClassFact:
    columns = tuple(
        ColumnFact(
            site.attr,
            site.sql_name,
            info.nullable(site),
            tuple(f.table for f in site.foreign_keys if f.table),
        )
        for site in info.columns
    )
    return MappedClassFact(
        module=model.file.module_name,
        qualname=info.qualname,
        name=info.name,
        bases=tuple(b for b in info.bases if b),
        local=info.decision,
        table=info.table,
        columns=columns,
        foreign_key_constraints=tuple(info.foreign_key_tables),
    )


def _arguments(call: cst.Call) -> Arguments:
    lazy: str | None = "other"
    argument = keyword(call, "lazy")
    if argument is not None:
        mode = literal_string(argument.value)
        if mode in ("dynamic", "write_only"):
            lazy = mode
        elif mode is None and not (
            isinstance(argument.value, cst.Name) and argument.value.value in _CONSTANTS
        ):
            lazy = None
    uselist: bool | str | None = "absent"
    argument = keyword(call, "uselist")
    if argument is not None:
        uselist = literal_bool(argument.value)
    collection: str | None = ""
    argument = keyword(call, "collection_class")
    if argument is not None:
        collection = argument.value.value if isinstance(argument.value, cst.Name) else None
    return Arguments(
        lazy=lazy,
        uselist=uselist,
        collection=collection,
        secondary=keyword(call, "secondary") is not None,
        remote_side=keyword(call, "remote_side") is not None,
        primaryjoin=keyword(call, "primaryjoin") is not None,
        foreign_keys=_foreign_keys(keyword(call, "foreign_keys")),
        starred=any(a.star for a in call.args),
    )


def _foreign_keys(argument: cst.Arg | None) -> tuple[str, ...] | None:
    if argument is None:
        return None
    value = argument.value
    written = literal_string(value)
    if written is not None:
        return tuple(n.strip() for n in written.strip("[]() ").split(",") if n.strip())
    elements = value.elements if isinstance(value, (cst.List, cst.Tuple)) else [value]
    names: list[str] = []
    for element in elements:
        item = element.value if isinstance(element, cst.Element) else element
        text = dotted(item) if isinstance(item, (cst.Name, cst.Attribute)) else None
        if text is None:
            return ()
        names.append(text)
    return tuple(names)
