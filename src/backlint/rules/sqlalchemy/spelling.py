"""How a fix writes names in a file: through the imports it has, or with imports it adds.

SQLAlchemy evaluates ``Mapped[...]`` annotations when the class is created (also under
``from __future__ import annotations``, from the module's globals), and Python evaluates
class-level annotations in the class's own namespace. So a name a fix writes must be bound
at run time (not only under ``TYPE_CHECKING``), must not be shadowed by an attribute of the
class (a column named ``date`` annotated ``Mapped[date]``), and an import the fix adds must
not rebind a name the module already uses (``UUID`` imported from SQLAlchemy).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import libcst as cst

from backlint.diagnostics import Edit, Position
from backlint.rule import PythonFile
from backlint.rules.sqlalchemy.names import Names
from backlint.rules.sqlalchemy.types import ANY, PYTHON_TYPES, PyType
from backlint.sources.symbols import dotted
from backlint.sources.traverse import visit

_PROBE = "__backlint_anchor__"


@dataclass(frozen=True, slots=True)
class Need:
    """An import a fix needs: ``from module import name``, or ``import module``."""

    module: str
    name: str | None = None
    alias: str | None = None


class CannotSpell(Exception):
    """A name cannot be written safely in this file; the message says why."""


class Spelling:
    """Spells names for one fix, collecting the imports they need."""

    def __init__(
        self,
        names: Names,
        target_version: tuple[int, int],
        shadowed: Iterable[str] = (),
        union_style: bool = True,
    ) -> None:
        self.names = names
        self.file: PythonFile = names.file
        self.target_version = target_version
        self.shadowed = frozenset(shadowed)
        self.union_style = union_style
        self.needs: list[Need] = []
        self._star = any(
            isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar)
            for statement in self.file.module.body
            if isinstance(statement, cst.SimpleStatementLine)
            for small in statement.body
        )

    # -- names ---------------------------------------------------------------------------------

    def ref(self, module: str, name: str) -> str:
        """Text naming ``module.name`` at run time in this file (raises :class:`CannotSpell`)."""
        aliases = self.file.symbols.aliases
        if module == "builtins":
            if name in aliases or name in self.shadowed:
                raise CannotSpell(f"`{name}` is rebound in this file")
            return name
        wanted = f"{module}.{name}"
        bound = [local for local, target in aliases.items() if target == wanted]
        bound.sort(key=lambda local: local != name)
        for local in bound:
            if self._usable(local):
                return local
        for local, target in aliases.items():
            if target == module and self._usable(local):
                return f"{local}.{name}"
        if self._free(name):
            self._add(Need(module, name))
            return name
        if "." not in module and self._free(module):
            self._add(Need(module))
            return f"{module}.{name}"
        alias = f"{name}_"
        if self._free(alias):
            self._add(Need(module, name, alias))
            return alias
        raise CannotSpell(f"`{name}` cannot be imported here without shadowing another name")

    def _usable(self, local: str) -> bool:
        return self.names.runtime_bound(local) and local not in self.shadowed

    def _free(self, name: str) -> bool:
        return (
            not self._star
            and name not in self.file.symbols.aliases
            and name not in self.shadowed
            and name not in self.names.type_checking_only
        )

    def _add(self, need: Need) -> None:
        if need not in self.needs:
            self.needs.append(need)

    def source(self, text: str) -> str:
        """An expression copied from the file, checked to mean the same inside the class."""
        head = text.split(".", 1)[0].split("[", 1)[0].strip()
        if head in self.shadowed:
            raise CannotSpell(f"`{head}` is also an attribute of the class")
        if head.isidentifier() and head in self.names.type_checking_only:
            raise CannotSpell(f"`{head}` is imported only for type checking")
        return text

    # -- annotations ---------------------------------------------------------------------------

    def python(self, python: PyType) -> str:
        if python.origin is not None:
            origin = self.generic(python.origin)
            return f"{origin}[{', '.join(self.python(a) for a in python.args)}]"
        if python.source is not None:
            return self.source(python.source)
        dotted_name = python.dotted or "typing.Any"
        if python == ANY or dotted_name == "typing.Any":
            return self.ref("typing", "Any")
        module, name = PYTHON_TYPES[dotted_name]
        return self.ref(module, name)

    def generic(self, origin: str) -> str:
        """``list`` / ``set`` / ``dict``, or ``typing.List`` ... below Python 3.9."""
        if self.target_version >= (3, 9):
            return self.ref("builtins", origin)
        return self.ref("typing", origin.capitalize())

    def optional(self, inner: str) -> str:
        if self.union_style:
            return f"{inner} | None"
        return f"{self.ref('typing', 'Optional')}[{inner}]"

    def forward_optional(self, name: str) -> str:
        """An optional forward reference: ``"X | None"`` or ``Optional["X"]``."""
        if self.union_style:
            return f'"{name} | None"'
        return f'{self.ref("typing", "Optional")}["{name}"]'

    # -- edits ---------------------------------------------------------------------------------

    def edits(self, type_checking: Iterable[str] = ()) -> list[Edit]:
        """Edits adding the collected imports, then ``type_checking`` import lines under
        ``if TYPE_CHECKING:`` (a block of the module, or a new one after the imports)."""
        lines = list(type_checking)
        guard: str | None = None
        block = type_checking_block(self.file) if lines else None
        if lines and block is None:
            guard = self.ref("typing", "TYPE_CHECKING")
        edits: list[Edit] = []
        modules: dict[str, list[str]] = {}
        for need in self.needs:
            if need.name is not None:
                imported = f"{need.name} as {need.alias}" if need.alias else need.name
                modules.setdefault(need.module, []).append(imported)
        for module, names in modules.items():
            edit = self.file.import_edit(module, ", ".join(names))
            if edit is not None:
                edits.append(edit)
        for need in self.needs:
            if need.name is None:
                edits.append(_at_imports(self.file, f"import {need.module}"))
        if lines:
            newline = self.file.module.default_newline
            indent = self.file.module.default_indent
            if block is not None:
                edits.append(_into_block(self.file, block, lines))
            else:
                body = newline.join(f"{indent}{line}" for line in lines)
                edits.append(_at_imports(self.file, f"{newline}if {guard}:{newline}{body}"))
        return edits


def _at_imports(file: PythonFile, line: str) -> Edit:
    """An edit inserting ``line`` where ``import_edit`` would put a new import."""
    probe = file.import_edit(_PROBE, "x")
    assert probe is not None
    content = probe.content.replace(f"from {_PROBE} import x", line)
    return Edit(probe.start, probe.end, content)


def type_checking_block(file: PythonFile) -> cst.If | None:
    """The module's ``if TYPE_CHECKING:`` block, if it has one."""
    for statement in file.module.body:
        if isinstance(statement, cst.If) and statement.orelse is None:
            test = file.qualify(statement.test) or dotted(statement.test) or ""
            if test in ("typing.TYPE_CHECKING", "typing_extensions.TYPE_CHECKING") and (
                isinstance(statement.body, cst.IndentedBlock)
            ):
                return statement
    return None


def _into_block(file: PythonFile, block: cst.If, lines: list[str]) -> Edit:
    assert isinstance(block.body, cst.IndentedBlock)
    last = block.body.body[-1]
    newline = file.module.default_newline
    indent = file.module.default_indent
    start_column = file.span(block).start.column - 1
    prefix = " " * start_column + (block.body.indent or indent)
    end = file.span(last).end
    text = "".join(f"{prefix}{line}{newline}" for line in lines)
    if end.row < file.positions.index.line_count:
        at = Position(end.row + 1, 1)
        return Edit(at, at, text)
    return Edit(end, end, newline + text.rstrip("\r\n"))


class _NameCounter(cst.CSTVisitor):
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def visit_ImportAlias(self, node: cst.ImportAlias) -> bool:
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        visit(node.value, self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.counts[node.value] = self.counts.get(node.value, 0) + 1


def name_uses(file: PythonFile) -> dict[str, int]:
    """How often each name is used in the file, imports aside (``x.attr`` counts ``x``)."""

    def count() -> dict[str, int]:
        counter = _NameCounter()
        visit(file.module, counter)
        return counter.counts

    # Counted once per file, however many fixes ask.
    return file.shared("sqlalchemy-name-uses", count)


def import_removal(file: PythonFile, local: str) -> Edit | None:
    """An edit removing the module-level ``from ... import`` of ``local``, or ``None`` when
    it is not imported that way (or the statement shares its line with others)."""
    for statement in file.module.body:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            continue
        small = statement.body[0]
        if not isinstance(small, cst.ImportFrom) or isinstance(small.names, cst.ImportStar):
            continue
        aliases = list(small.names)
        kept = [a for a in aliases if _local_name(a) != local]
        if len(kept) == len(aliases):
            continue
        if not kept:
            span = file.span(statement)
            index = file.positions.index
            if span.end.row < index.line_count:
                end = type(span.end)(span.end.row + 1, 1)
                return Edit(type(span.start)(span.start.row, 1), end, "")
            return Edit(span.start, span.end, "")
        last = aliases[-1]
        if kept[-1] is not last:
            kept[-1] = kept[-1].with_changes(comma=last.comma)
        return Edit(*_span_pair(file, small), file.code_for(small.with_changes(names=kept)))
    return None


def _local_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return (dotted(alias.name) or "").split(".", 1)[0]


def _span_pair(file: PythonFile, node: cst.CSTNode) -> tuple[Position, Position]:
    span = file.span(node)
    return span.start, span.end
