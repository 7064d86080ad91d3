"""Mapped classes of one file: which classes are mapped, their columns and relationships, and
the facts other files need about them.

A class holds mapped attributes when it is a declarative class (its base is a declarative
base, decided here when the base is in this file or known, otherwise by the project pass), when
it names its table (``__tablename__``), or when it is a mixin of a mapped class. Classes defined
inside functions are decided from this file only.

The facts recorded here let other files resolve:

* the Python type of a column that a ``ForeignKey("users.id")`` points at
  (``sqlalchemy-table:users.id``);
* the table of a class named in ``relationship("User")``, the tables its foreign keys
  reference, and the module that defines it (``sqlalchemy-class:User``);
* whether a class is a mixin of a mapped class (``sqlalchemy-mixin-of:...``);
* whether a declarative base has a ``type_annotation_map``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import libcst as cst

from backlint.diagnostics import Condition
from backlint.facts import SymbolFact
from backlint.rule import PythonFile, RuleContext
from backlint.rules.sqlalchemy.annotate import is_optional
from backlint.rules.sqlalchemy.kinds import (
    DECLARATIVE,
    KNOWN_KINDS,
    REGISTRY,
    TYPE_MAP,
    Branch,
    class_key,
    foreign_key_kind,
    mixin_key,
    module_kind,
    pytype_kind,
    table_key,
    table_kind,
)
from backlint.rules.sqlalchemy.names import Foreign, Names, SaName, canonical
from backlint.rules.sqlalchemy.options import sqlalchemy_options
from backlint.rules.sqlalchemy.types import NOT_TYPES, PYTHON_TYPES, evaluate, is_sql_type_name
from backlint.sources.symbols import dotted
from backlint.sources.traverse import visit

COLUMN = "sqlalchemy.Column"
MAPPED_COLUMN = "sqlalchemy.orm.mapped_column"
RELATIONSHIP = "sqlalchemy.orm.relationship"
# ColumnOperators methods that a MappedColumn also has (checked by the test suite); `label`,
# `cast`, `type`, `table` are among those it lacks.
MAPPED_COLUMN_OPERATIONS = frozenset(
    {
        "desc",
        "asc",
        "in_",
        "not_in",
        "notin_",
        "like",
        "ilike",
        "is_",
        "is_not",
        "isnot",
        "startswith",
        "endswith",
        "contains",
        "between",
        "nulls_first",
        "nulls_last",
        "collate",
        "op",
        "distinct",
        "any_",
        "all_",
        "regexp_match",
        "concat",
    }
)
_MAPPED = (
    "sqlalchemy.orm.Mapped",
    "sqlalchemy.orm.DynamicMapped",
    "sqlalchemy.orm.WriteOnlyMapped",
)
_FLASK_SQLALCHEMY = ("flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy")


def literal_string(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def literal_bool(node: cst.BaseExpression | None) -> bool | None:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def positional(call: cst.Call) -> list[cst.Arg]:
    return [a for a in call.args if a.keyword is None]


@dataclass(frozen=True, slots=True)
class ForeignKeyRef:
    """What a ``ForeignKey`` points at: ``table`` and ``column`` from ``"schema.table.col"``,
    or ``attribute`` (a dotted class attribute) from ``ForeignKey(User.id)``."""

    table: str | None = None
    column: str | None = None
    attribute: str | None = None

    @property
    def key(self) -> str | None:
        if self.table is not None and self.column is not None:
            return table_key(self.table, self.column)
        return self.attribute

    def describe(self) -> str:
        if self.table is not None:
            return f"{self.table}.{self.column}"
        return ".".join((self.attribute or "?").split(".")[-2:])


@dataclass
class ColumnSpec:
    """What a ``Column(...)`` / ``mapped_column(...)`` call says.

    ``nullable`` is the column's effective nullability as SQLAlchemy 1.x decides it: an
    explicit ``nullable=``, otherwise NOT NULL for a primary key or an ``Identity()``,
    otherwise NULL; ``None`` when an argument that decides it is not a literal. ``opaque``
    when ``*args`` / ``**kwargs`` hide what the call says.
    """

    sql_name: str
    type_node: cst.BaseExpression | None = None
    type_arg: cst.Arg | None = None
    foreign_keys: list[ForeignKeyRef] = field(default_factory=list)
    nullable: bool | None = True
    explicit_nullable: bool = False
    primary_key: bool = False
    opaque: bool = False


@dataclass
class ColumnSite:
    """``attr = Column(...)``, ``attr = mapped_column(...)`` or ``attr: Mapped[...] = ...``;
    ``mapped_annotation`` is the ``T`` of an existing ``Mapped[T]`` annotation."""

    line: cst.SimpleStatementLine
    statement: cst.Assign | cst.AnnAssign
    target: cst.Name
    attr: str
    annotation: cst.Annotation | None
    call: cst.Call | None
    callee: SaName | None
    spec: ColumnSpec
    mapped_annotation: cst.BaseExpression | None = None

    @property
    def sql_name(self) -> str:
        return self.spec.sql_name

    @property
    def foreign_keys(self) -> list[ForeignKeyRef]:
        return self.spec.foreign_keys


@dataclass
class RelationshipSite:
    line: cst.SimpleStatementLine
    statement: cst.Assign | cst.AnnAssign
    target: cst.Name
    attr: str
    annotation: cst.Annotation | None
    call: cst.Call
    callee: SaName
    target_name: str | None
    mapped_annotation: cst.BaseExpression | None = None


@dataclass
class ClassInfo:
    node: cst.ClassDef
    name: str
    qualname: str | None
    bases: list[str | None]
    decision: bool | None = None
    tablename: str | None = None
    schema: str | None = None
    has_table: bool = False
    allow_unmapped: bool = False
    type_map: bool = False
    shadowed: set[str] = field(default_factory=set)
    columns: list[ColumnSite] = field(default_factory=list)
    relationships: list[RelationshipSite] = field(default_factory=list)
    primary_key_columns: set[str] = field(default_factory=set)
    foreign_key_tables: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    annotation_optional: dict[str, bool | None] = field(default_factory=dict)
    # What class-level code does with a name besides passing it around: the attributes it
    # reads (`id.label` -> {"label"}), "()" when it calls it, "[]" when it subscripts it.
    operated: dict[str, set[str]] = field(default_factory=dict)

    def keeps_column_semantics(self, attr: str) -> bool:
        """Whether the class body's uses of ``attr`` work as well on a ``mapped_column()``
        object as on a ``Column`` (passed around, compared, or with an operator method)."""
        return self.operated.get(attr, set()) <= MAPPED_COLUMN_OPERATIONS

    @property
    def table(self) -> str | None:
        """The table's name as foreign keys write it (``schema.table`` with a schema)."""
        if self.tablename is None:
            return None
        return f"{self.schema}.{self.tablename}" if self.schema else self.tablename

    def column(self, attr: str) -> ColumnSite | None:
        return next((c for c in self.columns if c.attr == attr), None)

    def nullable(self, site: ColumnSite) -> bool | None:
        """A column's nullability: as SQLAlchemy 1.x decides it for ``Column()``, and from
        the annotation for an annotated ``mapped_column()`` without ``nullable=``."""
        spec = site.spec
        if spec.explicit_nullable:
            return spec.nullable
        if site.sql_name in self.primary_key_columns or spec.primary_key:
            return False
        if site.mapped_annotation is not None and (
            site.callee is None or site.callee.name == MAPPED_COLUMN
        ):
            return self.annotation_optional.get(site.attr)
        return spec.nullable

    def columns_referencing(self, table: str) -> list[ColumnSite]:
        found = [c for c in self.columns if any(f.table == table for f in c.foreign_keys)]
        for local, referenced in self.foreign_key_tables:
            if referenced == table:
                found.extend(c for c in self.columns if c.sql_name in local and c not in found)
        return found

    def referenced_tables(self) -> list[str]:
        tables = [f.table for c in self.columns for f in c.foreign_keys if f.table]
        tables.extend(table for _, table in self.foreign_key_tables)
        return list(dict.fromkeys(tables))


class FileModel:
    """The mapped classes of one file and the facts about them."""

    def __init__(self, file: PythonFile, context: RuleContext) -> None:
        options = sqlalchemy_options(context)
        self.file = file
        self.names = Names(file, options.declarative_bases)
        self.foreign = Foreign(
            file.module_name,
            file.symbols.qualify,
            _relative_imports(file.module),
            options.declarative_bases,
        )
        self._bindings = Counter(fact.qualname for fact in file.symbols.facts)
        self._reserved = {
            name.rpartition(".")[2] for name in (*options.declarative_bases, *KNOWN_KINDS)
        }
        self.classes: list[ClassInfo] = []
        # The facts other files may need; the model's own questions see every fact.
        self.facts: list[SymbolFact] = []
        self._function_classes: dict[str, bool | None] = {}
        self._nested: list[tuple[SymbolFact, ClassInfo, ClassInfo | None]] = []
        self._walk(file.module.body, [], None, in_function=False, module_level=True)
        self._module_facts()

    # -- walking -------------------------------------------------------------------------------

    def _walk(
        self,
        body: Sequence[cst.CSTNode],
        path: list[str],
        outer: ClassInfo | None,
        *,
        in_function: bool,
        module_level: bool,
    ) -> None:
        for statement in body:
            if isinstance(statement, cst.ClassDef):
                info = self._class(statement, path, outer, in_function, module_level)
                inner = (
                    statement.body.body if isinstance(statement.body, cst.IndentedBlock) else []
                )
                nested_path = [*path, statement.name.value] if info.qualname else path
                self._walk(
                    inner,
                    nested_path,
                    info,
                    in_function=in_function or info.qualname is None,
                    module_level=False,
                )
            elif isinstance(statement, cst.FunctionDef):
                block = statement.body
                if isinstance(block, cst.IndentedBlock):
                    self._walk(block.body, path, None, in_function=True, module_level=False)
            elif isinstance(statement, (cst.If, cst.Try)) and module_level:
                self._walk(
                    list(_blocks(statement)), path, None, in_function=False, module_level=True
                )
            elif isinstance(statement, (cst.If, cst.Try, cst.With, cst.For, cst.While)):
                self._walk(
                    list(_blocks(statement)), path, None, in_function=True, module_level=False
                )

    def _class(
        self,
        node: cst.ClassDef,
        path: list[str],
        outer: ClassInfo | None,
        in_function: bool,
        module_level: bool,
    ) -> ClassInfo:
        name = node.name.value
        qualname: str | None = None
        if not in_function and (module_level or path):
            qualname = self.file.qualname(".".join([*path, name]))
        bases = [self.file.qualify(base.value) for base in node.bases]
        info = ClassInfo(node, name, qualname, bases)
        self._read_body(info)
        info.decision = self._decide(info, in_function)
        if in_function:
            self._function_classes[name] = info.decision
        facts: list[SymbolFact] = []
        if qualname is not None:
            nested = SymbolFact(qualname, tuple(b for b in bases if b)) if path else None
            if nested is not None:
                facts.append(nested)
            if info.decision:
                facts.append(SymbolFact(qualname, kinds=frozenset({DECLARATIVE})))
            if info.type_map:
                facts.append(SymbolFact(qualname, kinds=frozenset({TYPE_MAP})))
            self.names.add_facts(facts)
            if nested is not None:
                self._nested.append((nested, info, outer))
        self.facts.extend(facts)
        self.classes.append(info)
        return info

    def _records_nested(self, fact: SymbolFact, info: ClassInfo, outer: ClassInfo | None) -> bool:
        """Whether the bases of a nested class tell the project pass anything.

        Without the fact, the project pass looks ``Outer.Inner`` up as ``Inner`` of each of
        ``Outer``'s bases. A class with no base it can name (``class Meta:``) in a class whose
        bases are all foreign or unnamed has no kind either way: foreign classes have no
        facts, and no known kind names a class nested in one.
        """
        if fact.bases or outer is None or info.name in self._reserved:
            return True
        return not (self._inert_bases(outer) and self._unique(outer))

    def _inert_bases(self, info: ClassInfo) -> bool:
        return all(self.foreign.inert(_base_text(base)) for base in info.node.bases)

    def _unique(self, info: ClassInfo) -> bool:
        """Whether nothing else of the project pass has the class's name: no other class of
        the file, no module-level import or assignment, no name whose kinds are known."""
        qualname = info.qualname
        return (
            qualname is not None
            and self._bindings[qualname] <= 1
            and sum(c.qualname == qualname for c in self.classes) <= 1
            and info.name not in self._reserved
        )

    def may_be_mapped(self, info: ClassInfo) -> bool:
        """Whether the project pass may count the class as mapped, or read what this file
        says about it.

        A class the file decides is not mapped, or leaves undecided with only foreign or
        unnamed bases, cannot be mapped nor make a subclass mapped: the project pass only
        follows bases it can name, and foreign classes have no declarative kind. Unless it
        names its table, holds columns or relationships, or shares its name with something
        else the project pass knows, nothing it is part of depends on it.
        """
        if info.qualname is None:
            return False
        if info.decision is True or info.table is not None or info.foreign_key_tables:
            return True
        if info.columns or info.relationships:
            return True
        return not (self._inert_bases(info) and self._unique(info))

    def _decide(self, info: ClassInfo, in_function: bool) -> bool | None:
        if any(b is not None and b.startswith("sqlmodel.") for b in info.bases):
            return False
        if info.tablename is not None or self._declarative_decorator(info.node):
            return True
        if self._declarative_metaclass(info.node):
            return True
        decisions = []
        for base, written in zip(info.bases, info.node.bases, strict=True):
            if base is None and in_function and isinstance(written.value, cst.Name):
                decisions.append(self._function_classes.get(written.value.value, False))
            elif base is None:
                decisions.append(None if not in_function else False)
            else:
                decisions.append(self.names.decide(base, DECLARATIVE))
        if any(d is True for d in decisions):
            return True
        if in_function or all(d is False for d in decisions):
            return False
        return None

    def _declarative_decorator(self, node: cst.ClassDef) -> bool:
        for decorator in node.decorators:
            expression = decorator.decorator
            if isinstance(expression, cst.Call):
                expression = expression.func
            qualified = self.file.qualify(expression)
            if qualified is None:
                continue
            if canonical(qualified) in (
                "sqlalchemy.orm.as_declarative",
                "sqlalchemy.orm.declarative_mixin",
            ):
                return canonical(qualified) == "sqlalchemy.orm.as_declarative"
            owner, _, attribute = qualified.rpartition(".")
            decorators = ("mapped", "mapped_as_dataclass", "as_declarative_base")
            if attribute in decorators and owner and self.names.decide(owner, REGISTRY):
                return True
        return False

    def _declarative_metaclass(self, node: cst.ClassDef) -> bool:
        for argument in node.keywords:
            if argument.keyword is not None and argument.keyword.value == "metaclass":
                found = self.names.sa(argument.value)
                if found is not None and found.name == "sqlalchemy.orm.DeclarativeMeta":
                    return True
        return False

    # -- class bodies --------------------------------------------------------------------------

    def _read_body(self, info: ClassInfo) -> None:
        block = info.node.body
        if not isinstance(block, cst.IndentedBlock):
            return
        for statement in block.body:
            if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                info.shadowed.add(statement.name.value)
                continue
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                self._read_small(info, statement, small)
        references = _ClassLevelUses()
        for statement in block.body:
            if not isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                visit(statement, references)
        info.operated = references.operated

    def _read_small(
        self, info: ClassInfo, line: cst.SimpleStatementLine, small: cst.BaseSmallStatement
    ) -> None:
        if isinstance(small, (cst.Import, cst.ImportFrom)):
            if not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    local = alias.asname.name if alias.asname is not None else alias.name
                    info.shadowed.add((dotted(local) or "").split(".", 1)[0])
            return
        target: cst.BaseExpression | None
        value: cst.BaseExpression | None
        annotation: cst.Annotation | None = None
        if isinstance(small, cst.Assign):
            if len(small.targets) != 1:
                for t in small.targets:
                    if isinstance(t.target, cst.Name):
                        info.shadowed.add(t.target.value)
                return
            target, value = small.targets[0].target, small.value
        elif isinstance(small, cst.AnnAssign):
            target, value, annotation = small.target, small.value, small.annotation
        else:
            return
        if not isinstance(target, cst.Name):
            return
        name = target.value
        info.shadowed.add(name)
        if name == "__tablename__":
            info.tablename = literal_string(value)
            return
        if name == "__table__":
            info.has_table = True
            return
        if name == "__allow_unmapped__":
            info.allow_unmapped = literal_bool(value) is not False
            return
        if name in ("type_annotation_map", "registry"):
            info.type_map = True
            return
        if name == "__table_args__":
            self._table_args(info, value)
            return
        mapped = self._mapped_annotation(annotation)
        if isinstance(value, cst.Call):
            callee = self.names.sa(value.func)
            if mapped is not None:
                info.annotation_optional[name] = is_optional(mapped, self.file)
            if callee is not None and callee.name in (COLUMN, MAPPED_COLUMN):
                spec = self.column_spec(value, name)
                info.columns.append(
                    ColumnSite(line, small, target, name, annotation, value, callee, spec, mapped)
                )
            elif callee is not None and callee.name == RELATIONSHIP:
                info.relationships.append(
                    RelationshipSite(
                        line,
                        small,
                        target,
                        name,
                        annotation,
                        value,
                        callee,
                        self._relationship_target(value),
                        mapped,
                    )
                )
        elif value is None and mapped is not None:
            spec = ColumnSpec(name)
            info.columns.append(
                ColumnSite(line, small, target, name, annotation, None, None, spec, mapped)
            )

    def _mapped_annotation(self, annotation: cst.Annotation | None) -> cst.BaseExpression | None:
        """The ``T`` of a ``Mapped[T]`` annotation."""
        if annotation is None:
            return None
        value = annotation.annotation
        if not isinstance(value, cst.Subscript) or len(value.slice) != 1:
            return None
        found = self.names.sa(value.value)
        element = value.slice[0].slice
        if found is None or found.name not in _MAPPED or not isinstance(element, cst.Index):
            return None
        return element.value

    def _table_args(self, info: ClassInfo, value: cst.BaseExpression | None) -> None:
        elements: list[cst.BaseExpression] = []
        if isinstance(value, (cst.Tuple, cst.List)):
            elements = [e.value for e in value.elements]
        elif value is not None:
            elements = [value]
        for element in elements:
            if isinstance(element, cst.Dict):
                for item in element.elements:
                    if isinstance(item, cst.DictElement) and literal_string(item.key) == "schema":
                        info.schema = literal_string(item.value) or "?"
            elif isinstance(element, cst.Call):
                callee = self.names.sa(element.func)
                if callee is None:
                    continue
                if callee.name == "sqlalchemy.PrimaryKeyConstraint":
                    for argument in positional(element):
                        name = literal_string(argument.value)
                        if name is None and isinstance(argument.value, cst.Name):
                            name = argument.value.value
                        if name is not None:
                            info.primary_key_columns.add(name)
                elif callee.name == "sqlalchemy.ForeignKeyConstraint":
                    arguments = positional(element)
                    if len(arguments) >= 2:
                        local = _strings(arguments[0].value)
                        remote = _strings(arguments[1].value)
                        if local and remote:
                            tables = {r.rpartition(".")[0] for r in remote}
                            if len(tables) == 1:
                                info.foreign_key_tables.append((tuple(local), tables.pop()))

    def _relationship_target(self, call: cst.Call) -> str | None:
        arguments = positional(call)
        if not arguments:
            return None
        value = arguments[0].value
        text = literal_string(value)
        if text is not None:
            text = text.strip()
            return text.rpartition(".")[2] if text.replace(".", "").isidentifier() else None
        if isinstance(value, cst.Name):
            return value.value
        if isinstance(value, cst.Attribute):
            return value.attr.value
        return None

    def column_spec(self, call: cst.Call, attr: str) -> ColumnSpec:
        spec = ColumnSpec(attr)
        if any(a.star for a in call.args):
            spec.opaque = True
            return spec
        rest = positional(call)
        name = literal_string(rest[0].value) if rest else None
        if name is not None:
            spec.sql_name = name
            rest = rest[1:]
        name_argument = keyword(call, "name")
        if name_argument is not None:
            named = literal_string(name_argument.value)
            if named is None:
                spec.opaque = True
                return spec
            spec.sql_name = named
        type_argument = keyword(call, "type_")
        if type_argument is None and rest and self._is_type(rest[0].value):
            type_argument = rest[0]
        if type_argument is not None:
            spec.type_arg = type_argument
            spec.type_node = type_argument.value
        identity = False
        for argument in rest:
            value = argument.value
            if not isinstance(value, cst.Call):
                continue
            callee = self.names.sa(value.func)
            if callee is None:
                continue
            if callee.name == "sqlalchemy.ForeignKey":
                spec.foreign_keys.append(self._foreign_key(value))
            elif callee.name == "sqlalchemy.Identity":
                identity = True
        nullable = keyword(call, "nullable")
        primary_key = keyword(call, "primary_key")
        is_key = literal_bool(primary_key.value) if primary_key is not None else False
        spec.primary_key = is_key is True
        if nullable is not None:
            spec.explicit_nullable = True
            spec.nullable = literal_bool(nullable.value)
        elif is_key is None:
            spec.nullable = None
        else:
            spec.nullable = not (is_key or identity)
        return spec

    def _is_type(self, node: cst.BaseExpression) -> bool:
        callee = node.func if isinstance(node, cst.Call) else node
        found = self.names.sa(callee)
        if found is None:
            return isinstance(callee, (cst.Name, cst.Attribute))
        last = found.name.rpartition(".")[2]
        return last not in NOT_TYPES and is_sql_type_name(found.name)

    def _foreign_key(self, call: cst.Call) -> ForeignKeyRef:
        arguments = positional(call)
        if not arguments:
            return ForeignKeyRef()
        value = arguments[0].value
        text = literal_string(value)
        if text is not None:
            table, _, column = text.rpartition(".")
            return ForeignKeyRef(table or None, column or None)
        if isinstance(value, cst.Attribute):
            return ForeignKeyRef(attribute=self.file.qualify(value))
        return ForeignKeyRef()

    # -- facts ---------------------------------------------------------------------------------

    def _module_facts(self) -> None:
        silent = {
            id(fact)
            for fact, info, outer in self._nested
            if not self._records_nested(fact, info, outer)
        }
        if silent:
            self.facts = [fact for fact in self.facts if id(fact) not in silent]
        for info in self.classes:
            self._class_facts(info)
        self._statement_facts()
        self.names.add_facts(self.facts)

    def _class_facts(self, info: ClassInfo) -> None:
        qualname = info.qualname
        if qualname is None:
            return
        facts = self.facts
        for base, written in zip(info.bases, info.node.bases, strict=True):
            # Only a class of the project is asked whether it is a mixin of a mapped class.
            if base is not None and not self.foreign.inert(_base_text(written)):
                facts.append(SymbolFact(mixin_key(base), (qualname, mixin_key(qualname))))
        table = info.table
        if table is not None:
            facts.append(SymbolFact(table_key(table), (qualname,)))
            facts.append(SymbolFact(qualname, kinds=frozenset({table_kind(table)})))
        referenced = info.referenced_tables()
        if referenced:
            facts.append(
                SymbolFact(qualname, kinds=frozenset(foreign_key_kind(t) for t in referenced))
            )
        may_be_mapped = info.decision is True or (
            info.decision is None and (info.columns or info.relationships)
        )
        if may_be_mapped and "." not in qualname.removeprefix(self.names.prefix):
            facts.append(
                SymbolFact(
                    class_key(info.name),
                    (qualname,),
                    frozenset({module_kind(self.file.module_name)}),
                )
            )
        for site in info.columns:
            for key in self._column_keys(info, site):
                facts.append(self._column_fact(key, site))

    def _column_keys(self, info: ClassInfo, site: ColumnSite) -> Iterator[str]:
        assert info.qualname is not None
        yield f"{info.qualname}.{site.attr}"
        if info.table is not None and site.sql_name != site.attr:
            yield table_key(info.table, site.sql_name)

    def _column_fact(self, key: str, site: ColumnSite) -> SymbolFact:
        python = (
            self._annotated_type(site.mapped_annotation)
            if site.mapped_annotation is not None
            else self.spec_type(site.spec)
        )
        return self._spec_fact(key, site.spec, python)

    def _spec_fact(self, key: str, spec: ColumnSpec, python: str | None) -> SymbolFact:
        if python is not None:
            return SymbolFact(key, kinds=frozenset({pytype_kind(python)}))
        if spec.type_node is None and len(spec.foreign_keys) == 1:
            target = spec.foreign_keys[0].key
            if target is not None:
                return SymbolFact(key, (target,))
        return SymbolFact(key)

    def spec_type(self, spec: ColumnSpec) -> str | None:
        """The dotted Python type of a column's SQL type, when it is certain and simple."""
        if spec.type_node is None or spec.opaque:
            return None
        branches = evaluate(spec.type_node, self.names)
        if len(branches) == 1 and not branches[0].requires and branches[0].value.certain:
            return branches[0].value.fact
        return None

    def _annotated_type(self, node: cst.BaseExpression) -> str | None:
        inner = _strip_optional(node, self.names)
        if inner is None:
            return None
        if isinstance(inner, cst.Name) and inner.value in PYTHON_TYPES:
            return inner.value if inner.value not in self.file.symbols.aliases else None
        qualified = self.file.qualify(inner)
        return qualified if qualified in PYTHON_TYPES else None

    def _statement_facts(self) -> None:
        for statement in _module_statements(self.file.module.body):
            value: cst.BaseExpression | None = None
            target: cst.BaseExpression | None = None
            if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
                target, value = statement.targets[0].target, statement.value
            elif isinstance(statement, cst.AnnAssign):
                target, value = statement.target, statement.value
            elif isinstance(statement, cst.Expr):
                value = statement.value
            if not isinstance(value, cst.Call):
                continue
            callee = self.names.sa(value.func)
            local = self.file.qualname(target.value) if isinstance(target, cst.Name) else None
            if callee is not None and callee.name == "sqlalchemy.Table":
                self._table_facts(value)
            elif callee is not None and callee.name == "sqlalchemy.orm.declarative_base":
                if local is not None and keyword(value, "type_annotation_map") is not None:
                    self.facts.append(SymbolFact(local, kinds=frozenset({TYPE_MAP})))
            elif local is not None and keyword(value, "model_class") is not None:
                qualified = self.file.qualify(value.func)
                model_class = keyword(value, "model_class")
                assert model_class is not None
                base = self.file.qualify(model_class.value)
                if qualified in _FLASK_SQLALCHEMY and base:
                    self.facts.append(
                        SymbolFact(f"{local}.Model", (base, "flask_sqlalchemy.SQLAlchemy().Model"))
                    )

    def _table_facts(self, call: cst.Call) -> None:
        arguments = positional(call)
        table = literal_string(arguments[0].value) if arguments else None
        if table is None:
            return
        schema_argument = keyword(call, "schema")
        if schema_argument is not None:
            schema = literal_string(schema_argument.value)
            if schema is None:
                return
            table = f"{schema}.{table}"
        for argument in arguments[1:]:
            value = argument.value
            if not isinstance(value, cst.Call):
                continue
            callee = self.names.sa(value.func)
            if callee is None or callee.name != COLUMN:
                continue
            first = positional(value)
            column_name = literal_string(first[0].value) if first else None
            if column_name is None:
                continue
            spec = self.column_spec(value, column_name)
            key = table_key(table, column_name)
            self.facts.append(self._spec_fact(key, spec, self.spec_type(spec)))

    # -- questions the rules ask ---------------------------------------------------------------

    def holder_branches(self, info: ClassInfo, *, mixins: bool) -> list[Branch[bool]]:
        """Conditions under which ``info``'s attributes are mapped attributes, one branch per
        way (the value says whether that way is as a mixin); an empty list means never."""
        if info.has_table:
            return []
        if info.decision is True:
            return [Branch((), False)]
        if info.qualname is None:
            return []
        branches: list[Branch[bool]] = []
        mixin = Condition(mixin_key(info.qualname), DECLARATIVE)
        if info.decision is None:
            branches.append(Branch((Condition(info.qualname, DECLARATIVE),), False))
            if mixins:
                absent = Condition(info.qualname, DECLARATIVE, present=False)
                branches.append(Branch((absent, mixin), True))
        elif mixins:
            branches.append(Branch((mixin,), True))
        return branches

    def type_map_branches(self, info: ClassInfo) -> list[Branch[bool]]:
        """Whether the class's declarative base has a ``type_annotation_map`` (which would
        change what an annotation alone maps to)."""
        if info.qualname is None:
            local = info.type_map or any(
                b is None or self.names.decide(b, TYPE_MAP) is not False for b in info.bases
            )
            return [Branch((), local)]
        decided = self.names.decide(info.qualname, TYPE_MAP)
        if decided is not None:
            return [Branch((), decided)]
        return [
            Branch((Condition(info.qualname, TYPE_MAP),), True),
            Branch((Condition(info.qualname, TYPE_MAP, present=False),), False),
        ]


class _ClassLevelUses(cst.CSTVisitor):
    """Names that class-level code calls or reads attributes of; functions and lambdas in
    the class body do not see class attributes, so they are skipped."""

    def __init__(self) -> None:
        self.operated: dict[str, set[str]] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if isinstance(node.value, cst.Name):
            self.operated.setdefault(node.value.value, set()).add(node.attr.value)

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name):
            self.operated.setdefault(node.func.value, set()).add("()")

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if isinstance(node.value, cst.Name):
            self.operated.setdefault(node.value.value, set()).add("[]")


def _relative_imports(module: cst.Module) -> set[str]:
    """Module-level names bound by relative imports (``gates.Outline`` reads those of the
    whole file, a superset)."""
    names: set[str] = set()
    for statement in _module_statements(module.body):
        if (
            isinstance(statement, cst.ImportFrom)
            and statement.relative
            and not isinstance(statement.names, cst.ImportStar)
        ):
            for alias in statement.names:
                bound = alias.asname.name if alias.asname is not None else alias.name
                if isinstance(bound, cst.Name):
                    names.add(bound.value)
    return names


def _base_text(base: cst.Arg) -> str | None:
    """A base as the project pass names it (``gates.base_text``)."""
    node = base.value
    while isinstance(node, cst.Subscript):
        node = node.value
    return dotted(node)


def _strings(node: cst.BaseExpression) -> list[str]:
    if isinstance(node, (cst.List, cst.Tuple)):
        found = [literal_string(e.value) for e in node.elements]
        return [s for s in found if s is not None] if all(found) else []
    return []


def _strip_optional(node: cst.BaseExpression, names: Names) -> cst.BaseExpression | None:
    """``T`` of ``T``, ``Optional[T]``, ``T | None`` and ``Union[T, None]``."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        sides = [node.left, node.right]
        kept = [s for s in sides if not (isinstance(s, cst.Name) and s.value == "None")]
        return kept[0] if len(kept) == 1 else None
    if isinstance(node, cst.Subscript):
        qualified = names.file.qualify(node.value)
        elements = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
        if qualified == "typing.Optional" and len(elements) == 1:
            return elements[0]
        if qualified == "typing.Union":
            kept = [e for e in elements if not (isinstance(e, cst.Name) and e.value == "None")]
            return kept[0] if len(kept) == 1 else None
        return None
    return node


def _blocks(statement: cst.CSTNode) -> Iterator[cst.CSTNode]:
    if isinstance(statement, cst.If):
        yield from _suite(statement.body)
        if statement.orelse is not None:
            if isinstance(statement.orelse, cst.If):
                yield statement.orelse
            else:
                yield from _suite(statement.orelse.body)
    elif isinstance(statement, cst.Try):
        yield from _suite(statement.body)
        for handler in statement.handlers:
            yield from _suite(handler.body)
        if statement.orelse is not None:
            yield from _suite(statement.orelse.body)
        if statement.finalbody is not None:
            yield from _suite(statement.finalbody.body)
    elif isinstance(statement, (cst.With, cst.For, cst.While)):
        yield from _suite(statement.body)


def _suite(block: cst.BaseSuite) -> Sequence[cst.CSTNode]:
    return block.body if isinstance(block, cst.IndentedBlock) else []


def _module_statements(body: Sequence[cst.CSTNode]) -> Iterator[cst.BaseSmallStatement]:
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body
        elif isinstance(statement, (cst.If, cst.Try)):
            yield from _module_statements(list(_blocks(statement)))


def model_for(file: PythonFile, context: RuleContext) -> FileModel:
    """The file's model, built once and shared by the family's rules."""
    return file.shared("sqlalchemy.model", lambda: FileModel(file, context))
