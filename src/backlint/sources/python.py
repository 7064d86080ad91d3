"""Reading Python sources: decoding as the interpreter would, parsing, and import facts."""

from __future__ import annotations

import ast
import codecs
import io
import tokenize
import warnings
from typing import NamedTuple

import libcst as cst

from backlint.facts import ImportFact
from backlint.text import LineIndex, position_of_byte


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


class InterpreterParse:
    """What CPython's parser made of a file: its tree, or the syntax error it raised.

    The interpreter's parser runs first: it is about ten times cheaper than libcst, names
    errors more precisely, guards libcst against input nested too deeply for it, and its
    tree is enough for the facts (imports, module-level names).
    """

    __slots__ = ("error", "tree")

    def __init__(self, tree: ast.Module | None, error: SyntaxError | None) -> None:
        self.tree = tree
        self.error = error


def parse_interpreter(text: str) -> InterpreterParse:
    """Parse with ``ast``; raises :class:`SourceProblem` for input nothing should parse.

    A plain syntax error is returned, not raised: the file may use syntax newer than the
    running interpreter, which libcst can still read.
    """
    try:
        with warnings.catch_warnings():
            # The checked code's own oddities (invalid escapes, `x is 1`) are not ours to print.
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except SyntaxError as error:
        if "nested" in str(error.msg) or _bracket_depth(text) > MAX_BRACKET_DEPTH:
            raise _problem_from(error) from None
        return InterpreterParse(None, error)
    except (RecursionError, MemoryError):
        raise SourceProblem("cannot be parsed: nested too deeply") from None
    except ValueError as error:  # NUL bytes
        raise SourceProblem(f"cannot be parsed: {error}") from None
    return InterpreterParse(tree, None)


def parse_libcst(text: str, interpreter: InterpreterParse, depth: int | None = None) -> cst.Module:
    """Parse with libcst once :func:`parse_interpreter` has vetted the text.

    The depth check walks the whole tree, so it is paid only by files libcst must read;
    ``depth``, when the caller has measured the tree already, spares that walk.
    """
    if interpreter.tree is not None:
        too_deep = (
            depth > MAX_SYNTAX_DEPTH
            if depth is not None
            else deeper_than_allowed(interpreter.tree)
        )
        if too_deep:
            raise SourceProblem("cannot be checked: nested too deeply")
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        if interpreter.error is not None:
            raise _problem_from(interpreter.error) from None
        message = _first_line(error.message)
        raise SourceProblem(
            f"syntax error: {message}", error.raw_line, error.raw_column + 1
        ) from None
    except RecursionError:
        raise SourceProblem("cannot be parsed: nested too deeply") from None


def parse_python(text: str) -> cst.Module:
    """Parse with both parsers; a syntax error becomes a :class:`SourceProblem`."""
    return parse_libcst(text, parse_interpreter(text))


def _problem_from(error: SyntaxError) -> SourceProblem:
    return SourceProblem(
        f"syntax error: {error.msg}", error.lineno or 1, max(error.offset or 1, 1)
    )


def deeper_than_allowed(tree: ast.AST) -> bool:
    """Whether ``tree`` nests more deeply than libcst can parse without crashing."""
    return _deeper_than(tree, MAX_SYNTAX_DEPTH)


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


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception"})


def _name(node: ast.expr | None) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _name(node.value)
        return f"{head}.{node.attr}" if head else ""
    return ""


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kind = handler.type
    if kind is None:
        return True
    names = [_name(e) for e in kind.elts] if isinstance(kind, ast.Tuple) else [_name(kind)]
    return any(name.rsplit(".", 1)[-1] in _IMPORT_ERRORS for name in names)


def _is_type_checking(test: ast.expr) -> bool:
    return _name(test).rsplit(".", 1)[-1] == "TYPE_CHECKING"


class _Context(NamedTuple):
    function: bool = False
    checking: bool = False
    guarded: bool = False
    main: bool = False


def _is_main_guard(test: ast.expr) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    if not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    strings = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return len(names) == 1 and len(strings) == 1


class _ImportWalker:
    """Walks statements only (imports are statements), keeping the context of each import."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.facts: list[ImportFact] = []
        self._lines: list[bytes] | None = None

    def column(self, row: int, byte_offset: int) -> int:
        """ast counts columns in UTF-8 bytes; diagnostics count characters."""
        if self.text.isascii():
            return byte_offset + 1
        if self._lines is None:
            self._lines = [line.encode() for line in LineIndex(self.text).lines()]
        line = self._lines[row - 1] if row - 1 < len(self._lines) else b""
        return len(line[:byte_offset].decode(errors="replace")) + 1

    def walk(self, body: list[ast.stmt], context: _Context) -> None:
        for node in body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self.add(node, context)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.walk(node.body, context._replace(function=True))
            elif isinstance(node, ast.ClassDef):
                self.walk(node.body, context)
            elif isinstance(node, ast.If):
                inner = context._replace(
                    checking=context.checking or _is_type_checking(node.test),
                    main=context.main or _is_main_guard(node.test),
                )
                self.walk(node.body, inner)
                self.walk(node.orelse, context)
            elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
                handlers = node.handlers  # type: ignore[attr-defined]
                protects = any(_catches_import_error(h) for h in handlers)
                guarded = context._replace(guarded=context.guarded or protects)
                self.walk(node.body, guarded)  # type: ignore[attr-defined]
                for handler in handlers:
                    self.walk(handler.body, context)
                self.walk(node.orelse, context)  # type: ignore[attr-defined]
                self.walk(node.finalbody, context)  # type: ignore[attr-defined]
            else:
                for field in ("body", "orelse", "finalbody"):
                    nested = getattr(node, field, None)
                    if isinstance(nested, list):
                        self.walk(nested, context)
                for case in getattr(node, "cases", ()):
                    self.walk(case.body, context)

    def add(self, node: ast.Import | ast.ImportFrom, context: _Context) -> None:
        column = self.column(node.lineno, node.col_offset)
        flags = {
            "in_function": context.function,
            "type_checking": context.checking,
            "guarded": context.guarded,
            "main_guard": context.main,
        }
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.facts.append(ImportFact(alias.name, 0, (), node.lineno, column, **flags))
        else:
            names = tuple(alias.name for alias in node.names)
            self.facts.append(
                ImportFact(node.module or "", node.level, names, node.lineno, column, **flags)
            )


def import_facts(tree: ast.Module, text: str) -> list[ImportFact]:
    """Every import of a module with its context, read from its ``ast`` tree."""
    walker = _ImportWalker(text)
    walker.walk(tree.body, _Context())
    return walker.facts
