"""The text edits pydantic fixes are made of: arguments, imports, indentation.

Fixes edit as little text as they can, so that fixes of different rules on the same class or
call do not overlap and are applied in the same round.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import libcst as cst

from backlint.diagnostics import Edit, Fix, Position
from backlint.rule import PythonFile, PythonRule
from backlint.rules.pydantic.names import NameUses
from backlint.rules.pydantic.tables import MOVED, REPLACED

_FROM_LINE = re.compile(r"^from ([\w.]+) import (.+?)(\r\n|\r|\n)?$")


def line_indent(file: PythonFile, node: cst.CSTNode) -> str:
    """The whitespace that starts the line where ``node`` starts."""
    row = file.span(node).start.row
    line = file.positions.index.line_text(row)
    return line[: len(line) - len(line.lstrip())]


def source(file: PythonFile, node: cst.CSTNode) -> str:
    """The text of ``node`` as written (its parentheses included), with the line breaks and
    indentation of the file, which ``code_for`` would re-render without their context."""
    first, last = file.positions.offsets(node)
    lpar = getattr(node, "lpar", ())
    rpar = getattr(node, "rpar", ())
    if lpar:
        first = min(first, file.positions.offsets(lpar[0])[0])
    if rpar:
        last = max(last, file.positions.offsets(rpar[-1])[1])
    return file.text[first:last]


def start(file: PythonFile, node: cst.CSTNode) -> Position:
    return file.span(node).start


def end(file: PythonFile, node: cst.CSTNode) -> Position:
    return file.span(node).end


def whole_lines(file: PythonFile, first: cst.CSTNode, last: cst.CSTNode | None = None) -> Edit:
    """Delete the lines from ``first``'s to ``last``'s, line endings included."""
    top = file.span(first).start.row
    bottom = file.span(last or first).end.row
    index = file.positions.index
    if bottom < index.line_count:
        return Edit(Position(top, 1), Position(bottom + 1, 1), "")
    # The last line of the file: take the line ending before it instead.
    if top > 1:
        previous = index.line_end(top - 1) - index.line_start(top - 1) + 1
        return Edit(Position(top - 1, previous), Position(bottom, 10**9), "")
    return Edit(Position(top, 1), Position(bottom, 10**9), "")


# Arguments -----------------------------------------------------------------------------------


def delete_arguments(file: PythonFile, call: cst.Call, indices: Iterable[int]) -> list[Edit]:
    """Delete the arguments at ``indices`` of ``call``, with the commas between them."""
    args = call.args
    doomed = sorted(set(indices))
    edits: list[Edit] = []
    runs: list[tuple[int, int]] = []
    for index in doomed:
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    last = len(args) - 1
    for first, final in runs:
        if final < last:
            edits.append(Edit(start(file, args[first]), start(file, args[final + 1]), ""))
        elif first > 0:
            edits.append(Edit(end(file, args[first - 1]), end(file, args[final]), ""))
        else:
            stop = end(file, args[final])
            comma = args[final].comma
            if isinstance(comma, cst.Comma):
                stop = file.positions.position(file.positions.offsets(comma)[1])
            edits.append(Edit(start(file, args[first]), stop, ""))
    return edits


def keyword_of(arg: cst.Arg) -> str:
    """The keyword of an argument, ``""`` for a positional one."""
    return arg.keyword.value if arg.keyword is not None else ""


def keyword_argument(call: cst.Call, name: str) -> tuple[int, cst.Arg] | None:
    for index, arg in enumerate(call.args):
        if arg.keyword is not None and arg.keyword.value == name:
            return index, arg
    return None


# Imports -------------------------------------------------------------------------------------


def names_same_object(qualified: str, module: str, name: str) -> bool:
    """Whether ``qualified`` (what a local name is bound to) is ``module.name`` itself.

    ``pydantic.config.ConfigDict`` and ``pydantic.ConfigDict`` are the same object; a local
    name bound to anything else would be shadowed by a new import.
    """
    if qualified == f"{module}.{name}":
        return True
    package = module.split(".", 1)[0]
    return (
        qualified.startswith(f"{package}.")
        and qualified.endswith(f".{name}")
        and qualified not in MOVED
        and qualified not in REPLACED
        and not (
            qualified.startswith("pydantic.v1.") or qualified.startswith("pydantic.deprecated.")
        )
    )


def available(file: PythonFile, module: str, name: str) -> bool:
    """Whether ``name`` can refer to ``module.name`` here (imported already, or free)."""
    bound = file.qualify(name)
    return bound is None or names_same_object(bound, module, name)


def import_edits(file: PythonFile, wanted: Sequence[tuple[str, str]]) -> list[Edit] | None:
    """Edits importing every ``(module, name)`` not yet imported; ``None`` if a name is taken.

    Names added at the same place are merged into one edit (one ``from`` line per module).
    """
    edits: list[Edit] = []
    for module, name in dict.fromkeys(wanted):
        bound = file.qualify(name)
        if bound is not None:
            if names_same_object(bound, module, name):
                continue
            return None
        edit = file.import_edit(module, name)
        if edit is not None:
            edits.append(edit)
    merged: dict[tuple[Position, Position], list[str]] = {}
    for edit in edits:
        merged.setdefault((edit.start, edit.end), []).append(edit.content)
    return [Edit(s, e, _merge(contents)) for (s, e), contents in merged.items()]


def _merge(contents: list[str]) -> str:
    if len(contents) == 1:
        return contents[0]
    if all(c.startswith(", ") for c in contents):
        return "".join(contents)
    lines: dict[str, list[str]] = {}
    newline = ""
    leading = ""
    for content in contents:
        stripped = content.lstrip("\r\n")
        leading = leading or content[: len(content) - len(stripped)]
        match = _FROM_LINE.match(stripped)
        if match is None:  # pragma: no cover - import_edit writes only these shapes
            return "".join(contents)
        lines.setdefault(match.group(1), []).append(match.group(2))
        newline = newline or (match.group(3) or "")
    body = (newline or leading or "\n").join(
        f"from {module} import {', '.join(names)}" for module, names in lines.items()
    )
    return f"{leading}{body}{newline}"


@dataclass(frozen=True, slots=True)
class ImportedName:
    """A name imported by a module-level ``from`` import."""

    line: cst.SimpleStatementLine
    statement: cst.ImportFrom
    alias: cst.ImportAlias
    local: str
    qualname: str


def module_imports(file: PythonFile) -> Iterator[ImportedName]:
    """The names of the ``from`` imports written directly in the module's body."""
    for line in file.module.body:
        if not isinstance(line, cst.SimpleStatementLine):
            continue
        for statement in line.body:
            if not isinstance(statement, cst.ImportFrom) or isinstance(
                statement.names, cst.ImportStar
            ):
                continue
            for alias in statement.names:
                local = alias.evaluated_alias or alias.evaluated_name
                qualified = file.qualify(local)
                if qualified is not None and "." not in local:
                    yield ImportedName(line, statement, alias, local, qualified)


def remove_imported_name(file: PythonFile, imported: ImportedName) -> Edit | None:
    """Delete one name from its import (the whole line when it is the only one)."""
    names = imported.statement.names
    assert not isinstance(names, cst.ImportStar)
    if len(names) == 1:
        if len(imported.line.body) != 1:
            return None
        return whole_lines(file, imported.line)
    index = next(i for i, a in enumerate(names) if a is imported.alias)
    if index < len(names) - 1:
        return Edit(_alias_start(file, names[index]), _alias_start(file, names[index + 1]), "")
    return Edit(_alias_end(file, names[index - 1]), _alias_end(file, names[index]), "")


def _alias_start(file: PythonFile, alias: cst.ImportAlias) -> Position:
    return start(file, alias.name)


def _alias_end(file: PythonFile, alias: cst.ImportAlias) -> Position:
    if alias.asname is not None:
        return end(file, alias.asname.name)
    return end(file, alias.name)


def references(file: PythonFile) -> Counter[str]:
    """How often each name is read or bound in the module, imports not counted (computed
    once per file, shared by the rules that look for unused imports)."""

    def count() -> Counter[str]:
        collector = _ReferenceCounter()
        file.module.visit(collector)
        return Counter(name.value for name in collector.reads) + collector.binds

    return file.shared("pydantic.references", count)


class _ReferenceCounter(NameUses):
    """Reads and bindings of the whole module, imports left out."""

    def __init__(self) -> None:
        super().__init__(nested=True)

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False


def unused_imports(file: PythonFile, qualnames: frozenset[str]) -> Iterator[ImportedName]:
    """Module-level imports of ``qualnames`` that nothing in the module uses.

    A package's ``__init__`` re-exports what it imports, and a name listed in ``__all__`` is
    exported: neither is reported.
    """
    if file.path.endswith(("__init__.py", "__init__.pyi")):
        return
    candidates = [i for i in module_imports(file) if i.qualname in qualnames]
    if not candidates:
        return
    counts = references(file)
    for imported in candidates:
        if counts[imported.local]:
            continue
        if "__all__" in file.text and re.search(
            rf"""["']{re.escape(imported.local)}["']""", file.text
        ):
            continue
        yield imported


def report_unused_imports(rule: PythonRule, qualnames: frozenset[str]) -> None:
    """Report pydantic imports of ``qualnames`` that the fixes leave unused, with a safe fix."""
    for imported in unused_imports(rule.file, qualnames):
        edit = remove_imported_name(rule.file, imported)
        fix = Fix.safe(f"Remove the unused import of `{imported.local}`", [edit]) if edit else None
        rule.report(
            imported.alias,
            f"`{imported.local}` is imported from pydantic but no longer used",
            fix=fix,
        )
