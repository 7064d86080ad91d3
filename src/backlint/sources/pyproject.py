"""Reading the dependencies a ``pyproject.toml`` declares into a Manifest.

Values come from ``tomllib``, which is the authority on what the document means; positions come
from :mod:`backlint.sources.toml_spans`, and are only used where the scanner's decoded string
agrees with ``tomllib``'s value. Where they disagree, a requirement gets the line of its
enclosing key as its span and no name span, so a fix can never edit the wrong text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from typing import Any

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as Pep508Requirement
from packaging.utils import canonicalize_name

from backlint.diagnostics import Position
from backlint.manifests import Manifest, ManifestKind, ManifestProblem, Requirement, Span
from backlint.sources.requirements import invalid_requirement_message
from backlint.sources.toml_spans import TomlPath, TomlScan, TomlScanError, TomlString, scan_toml
from backlint.text import LineIndex

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

__all__ = ["TomlSyntaxError", "parse_pyproject"]

_LOCATION_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END_OF_DOCUMENT_RE = re.compile(r"\s*\(at end of document\)\s*$")
_BARE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")


class TomlSyntaxError(Exception):
    """The text is not valid TOML: ``tomllib``'s message, and where (1-based row and column)."""

    def __init__(self, message: str, row: int = 1, column: int = 1) -> None:
        super().__init__(f"{message} (line {row}, column {column})")
        self.message = message
        self.row = row
        self.column = column


def _syntax_error(error: tomllib.TOMLDecodeError, text: str) -> TomlSyntaxError:
    # Python 3.14's tomllib carries the position as attributes; older ones only in the message.
    raw = str(getattr(error, "msg", None) or str(error))
    row = getattr(error, "lineno", None)
    column = getattr(error, "colno", None)
    message = str(error)
    located = _LOCATION_RE.search(message)
    if located is not None:
        row, column = int(located.group(1)), int(located.group(2))
        raw = message[: located.start()]
    elif _END_OF_DOCUMENT_RE.search(message) is not None:
        end = LineIndex(text).position(len(text))
        row, column = end.row, end.column
        raw = _END_OF_DOCUMENT_RE.sub("", message)
    if not isinstance(row, int) or not isinstance(column, int):
        row, column = 1, 1
    return TomlSyntaxError(raw.strip() or "invalid TOML", row, column)


def _dotted(path: TomlPath) -> str:
    """A path as it would be written in TOML, for messages."""
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts[-1] += f"[{part}]"
        elif _BARE_KEY_RE.fullmatch(part):
            parts.append(part)
        else:
            parts.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return ".".join(parts)


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


# What may follow an array item alone on its line: a comma and a comment.
_ITEM_TAIL = re.compile(r"\s*,?\s*(#.*)?")


class _Reader:
    def __init__(self, path: str, text: str, data: Mapping[str, Any]) -> None:
        self.path = path
        self.text = text
        self.data = data
        self.index = LineIndex(text)
        try:
            self.scan = scan_toml(text)
        except TomlScanError:
            # Every position then falls back to the start of the document: coarse, never wrong.
            self.scan = TomlScan()
        self.requirements: list[Requirement] = []
        self.problems: list[ManifestProblem] = []

    # -- positions -----------------------------------------------------------------------

    def line_span(self, path: TomlPath) -> Span:
        """The line of the nearest key that encloses ``path``, without surrounding blanks."""
        for depth in range(len(path), 0, -1):
            key = self.scan.key_at(path[:depth])
            if key is not None:
                row = self.index.position(key.start).row
                start = self.index.line_start(row)
                line = self.index.line_text(row)
                left = start + len(line) - len(line.lstrip())
                right = start + len(line.rstrip())
                return Span(self.index.position(left), self.index.position(right))
        return Span(Position(1, 1), Position(1, 1))

    def problem(self, message: str, span: Span) -> None:
        self.problems.append(ManifestProblem(message, span))

    def wrong_type(self, path: TomlPath, expected: str) -> None:
        self.problem(f"`{_dotted(path)}` must be {expected}", self.line_span(path))

    # -- reading -------------------------------------------------------------------------

    def read(self) -> Manifest:
        self.read_project()
        self.read_dependency_groups()
        self.read_poetry()
        return Manifest(
            path=self.path,
            kind=ManifestKind.PYPROJECT,
            requirements=tuple(self.requirements),
            problems=tuple(self.problems),
        )

    def table(self, container: Mapping[str, Any], path: TomlPath) -> Mapping[str, Any] | None:
        """The table at ``container[path[-1]]``; a problem if it is there but not a table."""
        value = container.get(str(path[-1]))
        if value is None:
            return None
        if not isinstance(value, dict):
            self.wrong_type(path, "a table")
            return None
        return value

    def read_project(self) -> None:
        project = self.table(self.data, ("project",))
        if project is None:
            return
        if "dependencies" in project:
            self.pep508_array(project["dependencies"], ("project", "dependencies"), "project")
        optional_path: TomlPath = ("project", "optional-dependencies")
        optional = project.get("optional-dependencies")
        if optional is None:
            return
        if not isinstance(optional, dict):
            self.wrong_type(optional_path, "a table of arrays of strings")
            return
        for extra, items in optional.items():
            self.pep508_array(items, (*optional_path, extra), f"optional:{extra}")

    def read_dependency_groups(self) -> None:
        groups = self.data.get("dependency-groups")
        if groups is None:
            return
        if not isinstance(groups, dict):
            self.wrong_type(("dependency-groups",), "a table of arrays")
            return
        for group, items in groups.items():
            path: TomlPath = ("dependency-groups", group)
            expected = 'an array of strings and `{include-group = "..."}` tables'
            if not isinstance(items, list):
                self.wrong_type(path, expected)
                continue
            if not all(isinstance(item, str) or _is_include(item) for item in items):
                self.wrong_type(path, expected)
            for i, item in enumerate(items):
                if isinstance(item, str):
                    self.pep508((*path, i), item, f"group:{group}")

    def pep508_array(self, items: object, path: TomlPath, group: str) -> None:
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            self.wrong_type(path, "an array of strings")
        if not isinstance(items, list):
            return
        for i, item in enumerate(items):
            if isinstance(item, str):
                self.pep508((*path, i), item, group)

    def pep508(self, path: TomlPath, value: str, group: str) -> None:
        found = self.scan.string_at(path)
        if found is not None and found.value == value:
            span, exact = found.span, found.exact
            content_start = found.start + 1
        else:
            span, exact, content_start = self.line_span(path), False, -1
        try:
            requirement = Pep508Requirement(value)
        except InvalidRequirement as error:
            self.problem(invalid_requirement_message(value.strip(), error), span)
            return
        name_span = None
        if exact:
            offset = len(value) - len(value.lstrip())
            if value[offset : offset + len(requirement.name)] == requirement.name:
                start = content_start + offset
                name_span = Span(
                    self.index.position(start),
                    self.index.position(start + len(requirement.name)),
                )
        self.requirements.append(
            Requirement(
                name=requirement.name,
                canonical_name=canonicalize_name(requirement.name),
                text=value,
                span=span,
                name_span=name_span,
                specifier=str(requirement.specifier),
                extras=tuple(sorted(requirement.extras)),
                marker=str(requirement.marker) if requirement.marker is not None else None,
                url=requirement.url,
                group=group,
                line_span=self.alone_on_lines(found) if exact and found is not None else None,
            )
        )

    def alone_on_lines(self, found: TomlString) -> Span | None:
        """The string's whole line(s) when only blanks, a comma and a comment share them."""
        first = self.index.position(found.start).row
        last = self.index.position(found.end).row
        before = self.text[self.index.line_start(first) : found.start]
        after = self.text[found.end : self.index.line_end(last)]
        if before.strip() or not _ITEM_TAIL.fullmatch(after):
            return None
        return Span(Position(first, 1), Position(last + 1, 1))

    # -- Poetry --------------------------------------------------------------------------

    def read_poetry(self) -> None:
        tool = self.table(self.data, ("tool",))
        poetry = self.table(tool, ("tool", "poetry")) if tool is not None else None
        if poetry is None:
            return
        self.poetry_table(poetry, ("tool", "poetry", "dependencies"), "poetry")
        groups = self.table(poetry, ("tool", "poetry", "group"))
        for name, group in (groups or {}).items():
            if not isinstance(group, dict):
                self.wrong_type(("tool", "poetry", "group", name), "a table")
                continue
            path = ("tool", "poetry", "group", name, "dependencies")
            self.poetry_table(group, path, f"poetry:{name}")
        self.poetry_table(poetry, ("tool", "poetry", "dev-dependencies"), "poetry:dev")

    def poetry_table(self, container: Mapping[str, Any], path: TomlPath, group: str) -> None:
        table = self.table(container, path)
        for name, value in (table or {}).items():
            # Poetry lists the interpreter among the dependencies; it is not a distribution.
            if canonicalize_name(name) == "python":
                continue
            self.poetry_dependency((*path, name), name, value, group)

    def poetry_dependency(self, path: TomlPath, name: str, value: object, group: str) -> None:
        specifier = ""
        extras: tuple[str, ...] = ()
        marker: str | None = None
        url: str | None = None
        editable = False
        if isinstance(value, str):
            specifier = value
        elif isinstance(value, dict):
            specifier, extras, marker, url, editable = _poetry_details(value)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            # Several constraints, each for its own Python versions or platforms: any may apply.
            details = [_poetry_details(v) for v in value]
            specifier = " || ".join(d[0] for d in details if d[0])
            extras = tuple(sorted({e for d in details for e in d[1]}))
        else:
            self.wrong_type(path, "a version string, a table or an array of tables")
            return

        key = self.scan.key_at(path)
        consistent = key is not None and key.name == name
        if consistent and isinstance(value, str):
            found = self.scan.string_at(path)
            consistent = found is not None and found.value == value
        if key is not None and consistent:
            span = key.entry_span
            name_span = key.span if key.bare else None
            text = self.text[key.entry_start : key.entry_end]
        else:
            span = self.line_span(path)
            name_span = None
            text = f"{name} = {value!r}"
        self.requirements.append(
            Requirement(
                name=name,
                canonical_name=canonicalize_name(name),
                text=text,
                span=span,
                name_span=name_span,
                specifier=specifier,
                extras=extras,
                marker=marker,
                url=url,
                editable=editable,
                group=group,
            )
        )


def _is_include(item: object) -> bool:
    """Whether a dependency-group item is a PEP 735 ``{include-group = "name"}`` table."""
    return (
        isinstance(item, dict)
        and set(item) == {"include-group"}
        and isinstance(item["include-group"], str)
    )


def _poetry_details(
    table: Mapping[str, Any],
) -> tuple[str, tuple[str, ...], str | None, str | None, bool]:
    """Version, extras, markers, source and ``develop`` of a Poetry dependency table."""
    version = table.get("version")
    extras = table.get("extras")
    markers = table.get("markers")
    source = next(
        (table[key] for key in ("git", "url", "path") if isinstance(table.get(key), str)), None
    )
    return (
        version if isinstance(version, str) else "",
        tuple(sorted(e for e in extras if isinstance(e, str))) if isinstance(extras, list) else (),
        markers if isinstance(markers, str) else None,
        source,
        table.get("develop") is True,
    )


def parse_pyproject(path: str, text: str) -> Manifest:
    """Read the dependencies declared in a ``pyproject.toml`` given as ``text``.

    Reads ``[project] dependencies`` (group ``"project"``), ``[project.optional-dependencies]``
    (``"optional:<extra>"``), PEP 735 ``[dependency-groups]`` (``"group:<name>"``) and Poetry's
    ``[tool.poetry.dependencies]`` (``"poetry"``), ``[tool.poetry.group.<name>.dependencies]``
    (``"poetry:<name>"``) and ``[tool.poetry.dev-dependencies]`` (``"poetry:dev"``). Invalid
    PEP 508 strings and values of the wrong type become problems; Poetry's own constraint
    syntax is recorded as written, never judged.

    Raises :class:`TomlSyntaxError` when ``text`` is not valid TOML.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(error, text) from None
    return _Reader(path, text, data).read()
