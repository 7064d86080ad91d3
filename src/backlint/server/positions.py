"""Positions between backlint and an editor.

backlint counts 1-based rows and 1-based columns in code points. The language server
protocol counts 0-based lines and columns in the code units of the encoding negotiated at
initialisation: UTF-16 unless the client offers another (an emoji is one code point, two
UTF-16 code units and four UTF-8 bytes). Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` for both.
"""

from __future__ import annotations

from lsprotocol import types

from backlint.diagnostics import Position
from backlint.text import LineIndex

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def code_units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` (an LSP ``PositionEncodingKind``) ``text`` takes."""
    if encoding == UTF32:
        return len(text)
    if text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", errors="surrogatepass"))
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


class Positions:
    """Converts positions in one text (the one that was checked) to and from LSP ones."""

    __slots__ = ("encoding", "index")

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.index = LineIndex(text)
        self.encoding = encoding

    def to_lsp(self, position: Position) -> types.Position:
        # Through an offset, so that a column past a line's end clamps to it.
        at = self.index.position(self.index.offset(position))
        line = self.index.line_text(at.row)
        return types.Position(
            line=at.row - 1, character=code_units(line[: at.column - 1], self.encoding)
        )

    def range(self, start: Position, end: Position) -> types.Range:
        return types.Range(start=self.to_lsp(start), end=self.to_lsp(end))

    def offset_range(self, start: int, end: int) -> types.Range:
        return self.range(self.index.position(start), self.index.position(end))

    def from_lsp(self, position: types.Position) -> Position:
        """The backlint position of an LSP one; past a line's end, that end."""
        row = position.line + 1
        if row > self.index.line_count:
            return self.index.position(self.index.line_end(self.index.line_count))
        line = self.index.line_text(row)
        if self.encoding == UTF32 or line.isascii():
            return Position(row, min(position.character, len(line)) + 1)
        units = 0
        for column, char in enumerate(line):
            if units >= position.character:
                return Position(row, column + 1)
            units += code_units(char, self.encoding)
        return Position(row, len(line) + 1)
