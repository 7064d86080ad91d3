"""Conversions between character offsets and (row, column) positions, and text edits."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from backlint.diagnostics import Edit, Position

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps character offsets of one text to 1-based positions and back.

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``, as Python's tokenizer sees them.
    """

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self._text)))
        row = bisect.bisect_right(self._starts, offset) - 1
        return Position(row + 1, offset - self._starts[row] + 1)

    def offset(self, position: Position) -> int:
        """The offset of ``position``; a column past the line's end clamps to that end (as
        the language server protocol does), a row past the last line to the text's end."""
        if position.row > len(self._starts):
            return len(self._text)
        row = max(position.row, 1)
        start = self._starts[row - 1]
        return min(start + max(position.column, 1) - 1, self.line_end(row))

    def line_start(self, row: int) -> int:
        return self._starts[row - 1]

    def line_end(self, row: int) -> int:
        """Offset just past the line's content, before its line terminator."""
        if row < len(self._starts):
            end = self._starts[row]
            if end >= 2 and self._text[end - 2 : end] == "\r\n":
                return end - 2
            return end - 1
        return len(self._text)

    def line_text(self, row: int) -> str:
        return self._text[self.line_start(row) : self.line_end(row)]

    def lines(self) -> list[str]:
        """Every line's content, without line endings."""
        return [self.line_text(row) for row in range(1, len(self._starts) + 1)]


def apply_edits(text: str, edits: Iterable[Edit], index: LineIndex | None = None) -> str:
    """Apply non-overlapping edits to ``text`` (the caller guarantees they do not overlap)."""
    index = index or LineIndex(text)
    spans = sorted(
        ((index.offset(e.start), index.offset(e.end), e.content) for e in edits),
        key=lambda s: (s[0], s[1]),
    )
    out: list[str] = []
    cursor = 0
    for start, end, content in spans:
        out.append(text[cursor:start])
        out.append(content)
        cursor = max(cursor, end)
    out.append(text[cursor:])
    return "".join(out)


def position_of_byte(data: bytes, index: int, encoding: str = "utf-8") -> Position:
    """The position of byte ``index`` of ``data``, counting characters as decoded."""
    prefix = data[:index].decode(encoding, errors="replace")
    return LineIndex(prefix).position(len(prefix))


def newline_of(text: str) -> str:
    """The line ending a text uses (its first one), ``\\n`` when it has none."""
    for index, char in enumerate(text):
        if char == "\n":
            return "\n"
        if char == "\r":
            return "\r\n" if text[index + 1 : index + 2] == "\n" else "\r"
    return "\n"
