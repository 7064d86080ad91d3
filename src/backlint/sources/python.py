"""Reading Python sources: decoding as the interpreter would, parsing, and import facts."""

from __future__ import annotations

import ast
import codecs
import io
import tokenize

import libcst as cst

from backlint.facts import ImportFact
from backlint.sources.positions import NodePositions
from backlint.text import position_of_byte


class SourceProblem(Exception):
    """The file cannot be read: why, and where (1-based row and column)."""

    def __init__(self, message: str, row: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column


def decode_python(data: bytes) -> tuple[str, str]:
    """Decode a Python file per PEP 263 (coding cookie, BOM; UTF-8 by default).

    Returns the text with its line endings untouched, and the encoding to write it back with.
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if "invalid or missing encoding declaration" not in str(error.msg):
            raise SourceProblem(f"cannot decode: {error.msg}", error.lineno or 1, 1) from None
        # Undecodable bytes in the first two lines: decoding below says which and where.
        encoding = "utf-8"
    try:
        return codecs.decode(data, encoding), encoding
    except UnicodeDecodeError as error:
        at = position_of_byte(data, error.start, encoding)
        name = "UTF-8" if encoding.startswith("utf-8") else encoding
        raise SourceProblem(
            f"not valid {name}: byte 0x{data[error.start]:02x} cannot be decoded "
            "(declare the encoding with a coding comment, or re-save the file as UTF-8)",
            at.row,
            at.column,
        ) from None
    except LookupError:
        raise SourceProblem(f"cannot decode: unknown encoding `{encoding}`") from None


def parse_python(text: str) -> cst.Module:
    """Parse with libcst; a syntax error becomes a :class:`SourceProblem` with its position."""
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        row, column, message = error.raw_line, error.raw_column + 1, _first_line(error.message)
    except RecursionError:
        raise SourceProblem("cannot be parsed: nested too deeply") from None
    # The interpreter's own parser names the error and its place more precisely, when it
    # can read the file at all (libcst also reads syntax newer than the running Python).
    try:
        ast.parse(text)
    except SyntaxError as error:
        if error.lineno:
            row, column = error.lineno, max(error.offset or 1, 1)
            message = error.msg
    except (RecursionError, MemoryError, ValueError):
        pass
    raise SourceProblem(f"syntax error: {message}", row, column)


def _first_line(message: str | None) -> str:
    lines = (message or "").strip().splitlines()
    return lines[0] if lines else "invalid syntax"


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})


def _dotted(node: cst.BaseExpression | None) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr.value}" if head else ""
    return ""


def _catches_import_error(handler: cst.ExceptHandler) -> bool:
    kind = handler.type
    if kind is None:
        return True
    names = (
        [_dotted(element.value) for element in kind.elements]
        if isinstance(kind, cst.Tuple)
        else [_dotted(kind)]
    )
    return any(name.rsplit(".", 1)[-1] in _IMPORT_ERRORS | {"Exception"} for name in names)


def _is_type_checking(test: cst.BaseExpression) -> bool:
    return _dotted(test).rsplit(".", 1)[-1] == "TYPE_CHECKING"


class ImportCollector(cst.BatchableCSTVisitor):
    """Collects :class:`ImportFact` records in the shared traversal of a file."""

    def __init__(self, positions: NodePositions) -> None:
        super().__init__()
        self.positions = positions
        self.facts: list[ImportFact] = []
        self._function_depth = 0
        self._type_checking_depth = 0
        self._guarded_depth = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._function_depth += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._function_depth -= 1

    def visit_If_body(self, node: cst.If) -> None:
        if _is_type_checking(node.test):
            self._type_checking_depth += 1

    def leave_If_body(self, node: cst.If) -> None:
        if _is_type_checking(node.test):
            self._type_checking_depth -= 1

    def visit_Try_body(self, node: cst.Try) -> None:
        if any(_catches_import_error(handler) for handler in node.handlers):
            self._guarded_depth += 1

    def leave_Try_body(self, node: cst.Try) -> None:
        if any(_catches_import_error(handler) for handler in node.handlers):
            self._guarded_depth -= 1

    def _flags(self, node: cst.CSTNode) -> tuple[bool, bool]:
        return self._type_checking_depth > 0, self._guarded_depth > 0

    def visit_Import(self, node: cst.Import) -> None:
        type_checking, guarded = self._flags(node)
        span = self.positions.span(node)
        for alias in node.names:
            self.facts.append(
                ImportFact(
                    module=_dotted(alias.name),
                    level=0,
                    names=(),
                    row=span.start.row,
                    column=span.start.column,
                    in_function=self._function_depth > 0,
                    type_checking=type_checking,
                    guarded=guarded,
                )
            )

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        type_checking, guarded = self._flags(node)
        span = self.positions.span(node)
        if isinstance(node.names, cst.ImportStar):
            names: tuple[str, ...] = ("*",)
        else:
            names = tuple(_dotted(alias.name) for alias in node.names)
        self.facts.append(
            ImportFact(
                module=_dotted(node.module) if node.module else "",
                level=len(node.relative),
                names=names,
                row=span.start.row,
                column=span.start.column,
                in_function=self._function_depth > 0,
                type_checking=type_checking,
                guarded=guarded,
            )
        )
