"""Where the strings and keys of a TOML document are, which ``tomllib`` does not say.

:func:`scan_toml` walks the text once and records, for every string value and every key, its
path in the document (table names and keys as ``str``, array positions as ``int``), its decoded
value and its extent in the text. The scanner expects a document ``tomllib`` has accepted;
it does not validate, and raises :class:`TomlScanError` when it meets something it cannot
follow, so a caller can fall back to coarser positions instead of trusting wrong ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from backlint.manifests import Span
from backlint.text import LineIndex

__all__ = [
    "TomlKey",
    "TomlPath",
    "TomlScan",
    "TomlScanError",
    "TomlString",
    "scan_toml",
    "scan_toml_strings",
]

TomlPath = tuple[str | int, ...]

_BARE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")
# A date or date-time, whose optional space before the time would otherwise end the value.
_DATETIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?"
)
_SCALAR_RE = re.compile(r"[^\s,\]\}#]+")
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "e": "\x1b",
}
_HEX_LENGTHS = {"x": 2, "u": 4, "U": 8}
_WHITESPACE = " \t"


@dataclass(frozen=True, slots=True)
class TomlString:
    """One string value: where it sits in the document and in the text.

    ``start`` and ``end`` are character offsets of the whole literal, quotes included, and
    ``span`` is the same extent as positions. ``exact`` is true when the text between the quotes
    is the value itself (a one-line string without escapes), so that ``start + 1 + i`` is the
    offset of ``value[i]``.
    """

    path: TomlPath
    value: str
    start: int
    end: int
    span: Span
    exact: bool


@dataclass(frozen=True, slots=True)
class TomlKey:
    """One key: the last segment of a ``key = value`` pair or of a ``[table]`` header.

    ``path`` is the full path of the value the key names (for an ``[[array]]`` header it ends
    with the index of the new table). ``start``/``end``/``span`` cover the segment as written,
    quotes included; ``bare`` tells whether it was written without quotes. ``entry_start``,
    ``entry_end`` and ``entry_span`` cover the whole ``key = value`` pair, or the whole header
    from ``[`` to ``]``.
    """

    path: TomlPath
    name: str
    start: int
    end: int
    span: Span
    bare: bool
    entry_start: int
    entry_end: int
    entry_span: Span
    header: bool = False


@dataclass(frozen=True, slots=True)
class TomlScan:
    """Everything :func:`scan_toml` found, in document order, with lookups by path."""

    strings: tuple[TomlString, ...] = ()
    keys: tuple[TomlKey, ...] = ()

    def string_at(self, path: TomlPath) -> TomlString | None:
        """The string value at exactly ``path``, if the scanner saw one there."""
        return _lookup(self.strings, path)

    def key_at(self, path: TomlPath) -> TomlKey | None:
        """The key that names the value at exactly ``path``, if the scanner saw one."""
        return _lookup(self.keys, path)


class TomlScanError(ValueError):
    """The scanner met text it cannot follow; ``offset`` is where."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} at offset {offset}")
        self.message = message
        self.offset = offset


_Found = TypeVar("_Found", TomlString, TomlKey)


def _lookup(items: tuple[_Found, ...], path: TomlPath) -> _Found | None:
    for item in items:
        if item.path == path:
            return item
    return None


@dataclass(frozen=True, slots=True)
class _Segment:
    name: str
    start: int
    end: int
    bare: bool


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.index = LineIndex(text)
        self.strings: list[TomlString] = []
        self.keys: list[TomlKey] = []
        # How many tables each array of tables has so far, by its resolved path.
        self.table_arrays: dict[TomlPath, int] = {}

    # -- low level -----------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.text[at] if at < len(self.text) else ""

    def fail(self, message: str) -> TomlScanError:
        return TomlScanError(message, self.pos)

    def span(self, start: int, end: int) -> Span:
        return Span(self.index.position(start), self.index.position(end))

    def skip_whitespace(self) -> None:
        while self.peek() and self.peek() in _WHITESPACE:
            self.pos += 1

    def skip_comment(self) -> None:
        if self.peek() == "#":
            while self.peek() and self.peek() not in "\r\n":
                self.pos += 1

    def skip_newline(self) -> bool:
        if self.text.startswith("\r\n", self.pos):
            self.pos += 2
            return True
        if self.peek() == "\n":
            self.pos += 1
            return True
        return False

    def skip_blank(self) -> None:
        """Whitespace, comments and newlines, as allowed inside arrays."""
        while True:
            self.skip_whitespace()
            self.skip_comment()
            if not self.skip_newline():
                return

    def end_of_line(self) -> None:
        self.skip_whitespace()
        self.skip_comment()
        if not self.skip_newline() and self.pos < len(self.text):
            raise self.fail("expected the end of the line")

    # -- document ------------------------------------------------------------------------

    def scan(self) -> TomlScan:
        table: TomlPath = ()
        while True:
            self.skip_blank()
            if self.pos >= len(self.text):
                break
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)
            self.end_of_line()
        return TomlScan(tuple(self.strings), tuple(self.keys))

    def header(self) -> TomlPath:
        start = self.pos
        is_array = self.text.startswith("[[", self.pos)
        self.pos += 2 if is_array else 1
        self.skip_whitespace()
        segments = self.key_segments()
        self.skip_whitespace()
        closing = "]]" if is_array else "]"
        if not self.text.startswith(closing, self.pos):
            raise self.fail(f"expected `{closing}`")
        self.pos += len(closing)
        path = self.resolve_header(segments, is_array)
        last = segments[-1]
        self.keys.append(
            TomlKey(
                path=path,
                name=last.name,
                start=last.start,
                end=last.end,
                span=self.span(last.start, last.end),
                bare=last.bare,
                entry_start=start,
                entry_end=self.pos,
                entry_span=self.span(start, self.pos),
                header=True,
            )
        )
        return path

    def resolve_header(self, segments: list[_Segment], is_array: bool) -> TomlPath:
        """A header's path, with the current index of every array of tables it passes."""
        path: TomlPath = ()
        for i, segment in enumerate(segments):
            path = (*path, segment.name)
            if is_array and i == len(segments) - 1:
                count = self.table_arrays.get(path, 0)
                self.table_arrays[path] = count + 1
                path = (*path, count)
            elif path in self.table_arrays:
                path = (*path, self.table_arrays[path] - 1)
        return path

    # -- keys ----------------------------------------------------------------------------

    def key_segments(self) -> list[_Segment]:
        segments = [self.key_segment()]
        while True:
            save = self.pos
            self.skip_whitespace()
            if self.peek() != ".":
                self.pos = save
                return segments
            self.pos += 1
            self.skip_whitespace()
            segments.append(self.key_segment())

    def key_segment(self) -> _Segment:
        start = self.pos
        char = self.peek()
        if char == '"':
            name, _ = self.basic_string()
            return _Segment(name, start, self.pos, bare=False)
        if char == "'":
            name = self.literal_string()
            return _Segment(name, start, self.pos, bare=False)
        match = _BARE_KEY_RE.match(self.text, self.pos)
        if match is None:
            raise self.fail("expected a key")
        self.pos = match.end()
        return _Segment(match.group(), start, self.pos, bare=True)

    def key_value(self, table: TomlPath) -> None:
        segments = self.key_segments()
        self.skip_whitespace()
        if self.peek() != "=":
            raise self.fail("expected `=`")
        self.pos += 1
        self.skip_whitespace()
        path = (*table, *(segment.name for segment in segments))
        self.value(path)
        first, last = segments[0], segments[-1]
        self.keys.append(
            TomlKey(
                path=path,
                name=last.name,
                start=last.start,
                end=last.end,
                span=self.span(last.start, last.end),
                bare=last.bare,
                entry_start=first.start,
                entry_end=self.pos,
                entry_span=self.span(first.start, self.pos),
            )
        )

    # -- values --------------------------------------------------------------------------

    def value(self, path: TomlPath) -> None:
        char = self.peek()
        start = self.pos
        if char == '"':
            if self.text.startswith('"""', self.pos):
                self.record(path, self.multiline_basic_string(), start, exact=False)
            else:
                text, exact = self.basic_string()
                self.record(path, text, start, exact)
        elif char == "'":
            if self.text.startswith("'''", self.pos):
                self.record(path, self.multiline_literal_string(), start, exact=False)
            else:
                self.record(path, self.literal_string(), start, exact=True)
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            match = _DATETIME_RE.match(self.text, self.pos) or _SCALAR_RE.match(
                self.text, self.pos
            )
            if match is None:
                raise self.fail("expected a value")
            self.pos = match.end()

    def record(self, path: TomlPath, value: str, start: int, exact: bool) -> None:
        self.strings.append(
            TomlString(path, value, start, self.pos, self.span(start, self.pos), exact)
        )

    def array(self, path: TomlPath) -> None:
        self.pos += 1
        item = 0
        while True:
            self.skip_blank()
            if self.peek() == "]":
                self.pos += 1
                return
            self.value((*path, item))
            item += 1
            self.skip_blank()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise self.fail("expected `,` or `]`")

    def inline_table(self, path: TomlPath) -> None:
        self.pos += 1
        while True:
            # Newlines, comments and a trailing comma are TOML 1.1; accepting them costs nothing.
            self.skip_blank()
            if self.peek() == "}":
                self.pos += 1
                return
            self.key_value(path)
            self.skip_blank()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "}":
                raise self.fail("expected `,` or `}`")

    # -- strings -------------------------------------------------------------------------

    def basic_string(self) -> tuple[str, bool]:
        """A ``"..."`` string: its value, and whether it was written without escapes."""
        self.pos += 1
        out: list[str] = []
        exact = True
        while True:
            char = self.peek()
            if char == '"':
                self.pos += 1
                return "".join(out), exact
            if char == "\\":
                exact = False
                out.append(self.escape())
            elif char in ("", "\r", "\n"):
                raise self.fail("unterminated string")
            else:
                out.append(char)
                self.pos += 1

    def escape(self) -> str:
        kind = self.peek(1)
        if kind in _ESCAPES:
            self.pos += 2
            return _ESCAPES[kind]
        length = _HEX_LENGTHS.get(kind)
        if length is None:
            raise self.fail("invalid escape")
        digits = self.text[self.pos + 2 : self.pos + 2 + length]
        if len(digits) != length or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise self.fail("invalid escape")
        self.pos += 2 + length
        return chr(int(digits, 16))

    def literal_string(self) -> str:
        self.pos += 1
        close = self.pos
        while close < len(self.text) and self.text[close] not in "'\r\n":
            close += 1
        if close >= len(self.text) or self.text[close] != "'":
            raise self.fail("unterminated string")
        value = self.text[self.pos : close]
        self.pos = close + 1
        return value

    def open_multiline(self, delimiter: str) -> None:
        self.pos += len(delimiter)
        # A newline right after the opening delimiter is not part of the value.
        self.skip_newline()

    def close_multiline(self, quote: str, out: list[str]) -> bool:
        """At a run of ``quote``: end the string if the run closes it (keeping up to two)."""
        run = 0
        while self.peek(run) == quote:
            run += 1
        if run < 3:
            out.append(quote * run)
            self.pos += run
            return False
        out.append(quote * (run - 3))
        self.pos += run
        return True

    def multiline_basic_string(self) -> str:
        self.open_multiline('"""')
        out: list[str] = []
        while True:
            char = self.peek()
            if char == "":
                raise self.fail("unterminated string")
            if char == '"':
                if self.close_multiline('"', out):
                    return "".join(out)
            elif char == "\\":
                if not self.line_ending_backslash():
                    out.append(self.escape())
            elif self.text.startswith("\r\n", self.pos):
                # tomllib reads a CRLF inside a string as a single newline.
                out.append("\n")
                self.pos += 2
            else:
                out.append(char)
                self.pos += 1

    def line_ending_backslash(self) -> bool:
        """Skip a ``\\`` that ends its line, with the whitespace and newlines that follow."""
        at = self.pos + 1
        while at < len(self.text) and self.text[at] in _WHITESPACE:
            at += 1
        if not self.text.startswith(("\n", "\r\n"), at):
            return False
        while at < len(self.text) and self.text[at] in " \t\r\n":
            at += 1
        self.pos = at
        return True

    def multiline_literal_string(self) -> str:
        self.open_multiline("'''")
        out: list[str] = []
        while True:
            char = self.peek()
            if char == "":
                raise self.fail("unterminated string")
            if char == "'":
                if self.close_multiline("'", out):
                    return "".join(out)
            elif self.text.startswith("\r\n", self.pos):
                out.append("\n")
                self.pos += 2
            else:
                out.append(char)
                self.pos += 1


def scan_toml(text: str) -> TomlScan:
    """Find every string value and key of a TOML document, with paths and extents.

    Raises :class:`TomlScanError` on text the scanner cannot follow (which ``tomllib`` would
    normally have rejected first).
    """
    return _Scanner(text).scan()


def scan_toml_strings(text: str) -> list[TomlString]:
    """The string values of a TOML document, in document order (see :func:`scan_toml`)."""
    return list(scan_toml(text).strings)
