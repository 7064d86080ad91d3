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
        encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        text = codecs.decode(data, encoding)
    except UnicodeDecodeError as error:
        # With utf-8-sig the error's offset counts from after the byte order mark.
        index = error.start + (3 if encoding == "utf-8-sig" and data[:3] == codecs.BOM_UTF8 else 0)
        at = position_of_byte(data, index, encoding)
        name = "UTF-8" if encoding.startswith("utf-8") else encoding
        raise SourceProblem(
            f"not valid {name}: byte 0x{data[index]:02x} cannot be decoded "
            "(declare the encoding with a coding comment, or re-save the file as UTF-8)",
            at.row,
            at.column,
        ) from None
    except LookupError:
        raise SourceProblem(f"cannot decode: unknown encoding `{encoding}`") from None
    except Exception:  # a codec that is not a text encoding (hex, zlib, rot13, ...)
        raise SourceProblem(f"cannot decode: `{encoding}` is not a text encoding") from None
    if not isinstance(text, str):
        raise SourceProblem(f"cannot decode: `{encoding}` is not a text encoding")
    return text, encoding


# libcst's native parser overflows its stack (killing the process) on deeply nested input
# that CPython's parser refuses or barely accepts, so depth is checked with ``ast`` first.
MAX_SYNTAX_DEPTH = 1000
MAX_BRACKET_DEPTH = 200


def parse_python(text: str) -> cst.Module:
    """Parse with libcst; a syntax error becomes a :class:`SourceProblem` with its position.

    The interpreter's own parser runs first: it is about ten times cheaper, names errors
    more precisely, and guards libcst against input nested too deeply for it.
    """
    interpreter_error: SyntaxError | None = None
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        interpreter_error = error
    except (RecursionError, MemoryError):
        raise SourceProblem("cannot be parsed: nested too deeply") from None
    except ValueError as error:  # NUL bytes
        raise SourceProblem(f"cannot be parsed: {error}") from None
    else:
        if _deeper_than(tree, MAX_SYNTAX_DEPTH):
            raise SourceProblem("cannot be checked: nested too deeply")
    if interpreter_error is not None and (
        "nested" in str(interpreter_error.msg) or _bracket_depth(text) > MAX_BRACKET_DEPTH
    ):
        raise _problem_from(interpreter_error)
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        if interpreter_error is not None:
            raise _problem_from(interpreter_error) from None
        message = _first_line(error.message)
        raise SourceProblem(
            f"syntax error: {message}", error.raw_line, error.raw_column + 1
        ) from None
    except RecursionError:
        raise SourceProblem("cannot be parsed: nested too deeply") from None


def _problem_from(error: SyntaxError) -> SourceProblem:
    return SourceProblem(
        f"syntax error: {error.msg}", error.lineno or 1, max(error.offset or 1, 1)
    )


def _deeper_than(tree: ast.AST, limit: int) -> bool:
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return False


def _bracket_depth(text: str) -> int:
    """The deepest bracket nesting, counting brackets in strings too (an upper bound)."""
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth = max(depth - 1, 0)
    return deepest


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
