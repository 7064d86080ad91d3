"""Incremental libcst parsing for the editor server.

A person edits one place of a file at a time, yet libcst parses the whole file again: about
a third of a second for 3,000 lines. Here a file is cut, with the help of the CPython tree
the engine already has, into pieces that each start at a module-level statement (with the
comments and blank lines before it), each piece is parsed alone and kept by its text, and
the module is assembled from the pieces' statements. After an edit, only the piece that
changed is parsed again. Node positions are kept per piece as well.

The assembled module equals libcst's parse of the whole text (the tests compare them with
``deep_equals``): every piece is parsed with the file's own default indentation and line
ending, and the file is cut only where libcst itself would attach the lines before a
statement to that statement. Files this cannot handle (mixed line endings, a statement
sharing a line with the previous one, no statement at all) are parsed whole.
"""

from __future__ import annotations

import ast
import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from backlint.sources.positions import Positions, _OffsetCodegenState
from backlint.sources.python import deeper_than_allowed

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_GAP_LINE = re.compile(r"(?:#[^\r\n]*)?(?:\r\n|\r|\n)")


@dataclass(eq=False)
class _Piece:
    """One parsed piece: its module-level statements and the module parts it holds."""

    text: str
    header: Sequence[cst.EmptyLine]
    body: Sequence[cst.BaseStatement]
    footer: Sequence[cst.EmptyLine]
    has_trailing_newline: bool
    encoding: str
    ranges: dict[cst.CSTNode, tuple[int, int]] | None = None


@dataclass(frozen=True)
class _Layout:
    default_indent: str
    default_newline: str


class ChunkedPositions(Positions):
    """Node spans of an assembled module, computed (and kept) piece by piece."""

    def __init__(
        self,
        module: cst.Module,
        text: str,
        pieces: Sequence[tuple[int, _Piece]],
        layout: _Layout,
    ) -> None:
        super().__init__(text)
        self._module = module
        self._pieces = pieces
        self._layout = layout
        self._hint = 0

    def offsets(self, node: cst.CSTNode) -> tuple[int, int]:
        if node is self._module:
            return (0, len(self._text))
        # Rules ask in the order of the traversal: start at the piece of the last answer.
        count = len(self._pieces)
        for step in range(count):
            index = (self._hint + step) % count
            base, piece = self._pieces[index]
            found = _ranges(piece, self._layout).get(node)
            if found is not None:
                self._hint = index
                return (found[0] + base, found[1] + base)
        raise KeyError(node)


def _ranges(piece: _Piece, layout: _Layout) -> dict[cst.CSTNode, tuple[int, int]]:
    if piece.ranges is None:
        module = cst.Module(
            body=piece.body,
            header=piece.header,
            footer=piece.footer,
            default_indent=layout.default_indent,
            default_newline=layout.default_newline,
            has_trailing_newline=piece.has_trailing_newline,
        )
        state = _OffsetCodegenState(layout.default_indent, layout.default_newline)
        module._codegen(state)
        piece.ranges = state.ranges
    return piece.ranges


def _default_indent(tree: ast.Module, lines: Sequence[str]) -> str | None:
    """The indentation of the file's first indented block (libcst's first INDENT token)."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list) or not body or not isinstance(node, ast.stmt):
            continue
        first = body[0]
        line = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", ()))])
        if line > node.lineno:
            text = lines[line - 1]
            return text[: len(text) - len(text.lstrip(" \t"))] or None
    return "    "


def _first_line(statement: ast.stmt) -> int:
    decorators = getattr(statement, "decorator_list", ())
    return min([statement.lineno, *(d.lineno for d in decorators)])


class ChunkedParser:
    """Parses files piece by piece, keeping recent pieces (up to ``budget`` characters)."""

    def __init__(self, budget: int = 2_000_000) -> None:
        self.budget = budget
        self._pieces: OrderedDict[tuple[str, bool, bool, _Layout], _Piece] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()  # the server checks in several threads
        self.parsed = 0  # pieces parsed (not found kept), for tests

    def parse(self, text: str, tree: ast.Module) -> tuple[cst.Module, ChunkedPositions] | None:
        """The module and its positions, or ``None`` when the file is to be parsed whole.

        ``tree`` is CPython's parse of ``text``. Pieces nested more deeply than libcst can
        parse are left to the whole parse, which reports them.
        """
        with self._lock:
            return self._parse(text, tree)

    def _parse(self, text: str, tree: ast.Module) -> tuple[cst.Module, ChunkedPositions] | None:
        if not tree.body or "\x0c" in text:
            return None  # form feeds count in indentation in ways not worth copying
        newlines = {m.group(0) for m in re.finditer(r"\r\n|\r|\n", text)}
        if len(newlines) > 1:
            return None
        lines = _LINES.findall(text)
        cuts = [0]
        firsts = [0]  # the index of each piece's first statement
        for index, (previous, statement) in enumerate(itertools.pairwise(tree.body), 1):
            end = previous.end_lineno or previous.lineno
            start = _first_line(statement)
            if start <= end:
                return None  # `a = 1; b = 2`: one line, two statements
            gap = lines[end : start - 1]
            if all(_GAP_LINE.fullmatch(line) for line in gap):
                cuts.append(end)
                firsts.append(index)
        indent = _default_indent(tree, lines)
        if indent is None:
            return None
        layout = _Layout(indent, next(iter(newlines), "\n"))
        cuts.append(len(lines))
        pieces: list[tuple[int, _Piece]] = []
        used: set[int] = set()
        offset = 0
        firsts.append(len(tree.body))
        for number, (begin, end) in enumerate(itertools.pairwise(cuts)):
            chunk = "".join(lines[begin:end])
            statements = tree.body[firsts[number] : firsts[number + 1]]
            # A piece repeated in one file is parsed for each place: nodes are not shared.
            piece = self._piece(chunk, number == 0, end == len(lines), layout, used, statements)
            if piece is None:
                return None
            used.add(id(piece))
            pieces.append((offset, piece))
            offset += len(chunk)
        first, last = pieces[0][1], pieces[-1][1]
        module = cst.Module(
            body=[s for _, piece in pieces for s in piece.body],
            header=first.header,
            footer=last.footer,
            encoding=first.encoding,
            default_indent=layout.default_indent,
            default_newline=layout.default_newline,
            has_trailing_newline=last.has_trailing_newline,
        )
        return module, ChunkedPositions(module, text, pieces, layout)

    def _piece(
        self,
        chunk: str,
        first: bool,
        last: bool,
        layout: _Layout,
        used: set[int],
        statements: list[ast.stmt],
    ) -> _Piece | None:
        key = (chunk, first, last, layout)
        piece = self._pieces.get(key)
        if piece is not None and id(piece) not in used:
            self._pieces.move_to_end(key)
            return piece
        # libcst crashes the process on input nested too deeply: the whole parse reports it.
        if deeper_than_allowed(ast.Module(body=statements, type_ignores=[])):
            return None
        config = cst.PartialParserConfig(
            default_indent=layout.default_indent, default_newline=layout.default_newline
        )
        try:
            module = cst.parse_module(chunk, config)
        except (cst.ParserSyntaxError, RecursionError):
            return None
        self.parsed += 1
        header, body = tuple(module.header), tuple(module.body)
        if not body or (module.footer and not last):
            return None
        # Nodes leave out an indentation or line ending equal to their module's default, so
        # a piece whose own default differs from the file's would print differently.
        blocks = any(isinstance(getattr(s, "body", None), cst.IndentedBlock) for s in body)
        if blocks and module.default_indent != layout.default_indent:
            return None
        if module.default_newline != layout.default_newline and ("\n" in chunk or "\r" in chunk):
            return None
        if not first and header:
            # Lines before a module-level statement are its own, except at the file's top.
            leading = (*header, *body[0].leading_lines)
            body = (body[0].with_changes(leading_lines=leading), *body[1:])
            header = ()
        piece = _Piece(
            chunk, header, body, tuple(module.footer), module.has_trailing_newline, module.encoding
        )
        if key in self._pieces:
            return piece  # the kept one is in use in this module
        self._pieces[key] = piece
        self._size += len(chunk)
        while self._size > self.budget and len(self._pieces) > 1:
            (old, _, _, _), _ = self._pieces.popitem(last=False)
            self._size -= len(old)
        return piece
