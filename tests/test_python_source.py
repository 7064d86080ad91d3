"""Reading Python sources: decoding as the interpreter does, parsing, node positions."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from backlint.diagnostics import Position
from backlint.sources.positions import NodePositions
from backlint.sources.python import SourceProblem, decode_python, parse_python

SRC = Path(__file__).resolve().parent.parent / "src"


def problem_of_decoding(data: bytes) -> SourceProblem:
    with pytest.raises(SourceProblem) as caught:
        decode_python(data)
    return caught.value


def problem_of_parsing(text: str) -> SourceProblem:
    with pytest.raises(SourceProblem) as caught:
        parse_python(text)
    return caught.value


# -- decoding -----------------------------------------------------------------------------


def test_decode_defaults_to_utf8() -> None:
    assert decode_python("x = 'é日😀'\n".encode()) == ("x = 'é日😀'\n", "utf-8")


def test_decode_keeps_line_endings() -> None:
    assert decode_python(b"a = 1\r\nb = 2\rc = 3\n") == ("a = 1\r\nb = 2\rc = 3\n", "utf-8")


def test_decode_empty_file() -> None:
    assert decode_python(b"") == ("", "utf-8")


def test_decode_with_bom_drops_it_and_reports_utf8_sig() -> None:
    assert decode_python(b"\xef\xbb\xbfx = '\xc3\xa9'\n") == ("x = 'é'\n", "utf-8-sig")


def test_decode_latin1_coding_cookie() -> None:
    data = b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n"
    assert decode_python(data) == ("# -*- coding: latin-1 -*-\nname = 'été'\n", "iso-8859-1")


def test_decode_coding_cookie_on_second_line() -> None:
    data = b"#!/usr/bin/env python\n# coding: cp1252\ns = '\x80'\n"
    assert decode_python(data) == ("#!/usr/bin/env python\n# coding: cp1252\ns = '€'\n", "cp1252")


def test_invalid_utf8_reports_the_bad_byte_and_its_position() -> None:
    problem = problem_of_decoding(b"x = '\xff'\n")
    assert problem.message.startswith("not valid UTF-8: byte 0xff cannot be decoded")
    assert (problem.row, problem.column) == (1, 6)


def test_invalid_utf8_on_line_five() -> None:
    problem = problem_of_decoding(b"a = 1\n" * 4 + b"bb = '\xfe'\n")
    assert problem.message.startswith("not valid UTF-8: byte 0xfe cannot be decoded")
    assert (problem.row, problem.column) == (5, 7)


def test_invalid_utf8_column_counts_code_points_before_it() -> None:
    data = b"a\nb\nc\nd\ns = '" + "é日😀".encode() + b"\xff'\n"
    problem = problem_of_decoding(data)
    assert (problem.row, problem.column) == (5, 9)


def test_invalid_utf8_in_crlf_file() -> None:
    problem = problem_of_decoding(b"a = 1\r\nb = 2\r\nc = '\xff'\r\n")
    assert (problem.row, problem.column) == (3, 6)


def test_invalid_utf8_row_counts_lone_cr_line_endings() -> None:
    # The interpreter reads a lone CR as a line ending ("on line 3" for this file).
    problem = problem_of_decoding(b"a = 1\rb = 2\rc = '\xff'\r")
    assert (problem.row, problem.column) == (3, 6)


def test_invalid_utf8_after_a_bom_on_the_first_line() -> None:
    problem = problem_of_decoding(b"\xef\xbb\xbfab = '\xff'\n")
    assert problem.message.startswith("not valid UTF-8: byte 0xff cannot be decoded")
    assert (problem.row, problem.column) == (1, 7)


def test_invalid_utf8_after_a_bom_on_a_later_line() -> None:
    problem = problem_of_decoding(b"\xef\xbb\xbfx = 1\ny = 2\nz = '\xff'\n")
    assert problem.message.startswith("not valid UTF-8: byte 0xff cannot be decoded")
    assert (problem.row, problem.column) == (3, 6)


def test_byte_undefined_in_the_declared_encoding() -> None:
    problem = problem_of_decoding(b"# coding: cp1252\nx = 1\ns = '\x81'\n")
    assert problem.message.startswith("not valid cp1252: byte 0x81 cannot be decoded")
    assert (problem.row, problem.column) == (3, 6)


def test_unknown_encoding_cookie() -> None:
    problem = problem_of_decoding(b"# coding: no-such-codec\nx = 1\n")
    assert problem.message == "cannot decode: unknown encoding: no-such-codec"
    assert (problem.row, problem.column) == (1, 1)


def test_bom_with_a_different_coding_cookie() -> None:
    problem = problem_of_decoding(b"\xef\xbb\xbf# coding: latin-1\nx = 1\n")
    assert problem.message == "cannot decode: encoding problem: utf-8"


@pytest.mark.parametrize("codec", ["hex", "rot13", "base64", "zlib"])
def test_coding_cookie_naming_a_codec_that_is_not_a_text_encoding(codec: str) -> None:
    # The interpreter refuses these files ("SyntaxError: encoding problem: hex").
    data = f"# coding: {codec}\nx = 1\n".encode()
    problem = problem_of_decoding(data)
    assert codec in problem.message
    assert problem.message.startswith("cannot decode")


# -- parsing ------------------------------------------------------------------------------


def interpreter_error(text: str) -> SyntaxError:
    with pytest.raises(SyntaxError) as caught:
        ast.parse(text)
    return caught.value


def test_parse_returns_a_module_that_reproduces_the_text() -> None:
    text = "import os\r\n\r\ndef f(x):\r\n\treturn x  # done\r\n"
    assert parse_python(text).code == text


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ("def f(:\n    pass\n", 1, 7, "invalid syntax"),
        ("x = (1,\ny = 2\n", 1, 5, "'(' was never closed"),
        ("x = 1\n  y = 2\n", 2, 2, "unexpected indent"),
        ('s = "日本😀"; x = = 1\n', 1, 16, "invalid syntax"),
    ],
)
def test_syntax_error_has_the_interpreters_position_and_message(
    text: str, row: int, column: int, message: str
) -> None:
    problem = problem_of_parsing(text)
    error = interpreter_error(text)
    assert (problem.row, problem.column) == (error.lineno, error.offset)
    assert problem.message == f"syntax error: {error.msg}"
    assert (problem.row, problem.column, problem.message) == (
        row,
        column,
        f"syntax error: {message}",
    )


def test_syntax_error_of_inconsistent_tabs() -> None:
    problem = problem_of_parsing("if x:\n\tpass\n        pass\n")
    assert problem.row == 3
    assert problem.message == "syntax error: inconsistent use of tabs and spaces in indentation"


@pytest.mark.parametrize(("opening", "closing"), [("(", ")"), ("[", "]")])
def test_a_thousand_nested_brackets_are_a_source_problem(opening: str, closing: str) -> None:
    # The interpreter refuses this file ("too many nested parentheses").
    problem = problem_of_parsing(f"x = {opening * 1000}{closing * 1000}\n")
    assert problem.row == 1


def test_very_deep_nesting_is_a_source_problem_not_a_crash() -> None:
    script = textwrap.dedent(
        """
        from backlint.sources.python import SourceProblem, parse_python
        try:
            parse_python("x = " + "[" * 5000 + "]" * 5000 + "\\n")
        except SourceProblem as problem:
            print("problem", problem.row)
        else:
            print("parsed")
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC)},
        timeout=120,
        check=False,
    )
    assert (completed.returncode, completed.stdout) == (0, "problem 1\n")


# -- node positions -----------------------------------------------------------------------


def provider_spans(module: cst.Module) -> dict[cst.CSTNode, tuple[Position, Position]]:
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    return {
        node: (
            Position(code_range.start.line, code_range.start.column + 1),
            Position(code_range.end.line, code_range.end.column + 1),
        )
        for node, code_range in wrapper.resolve(PositionProvider).items()
    }


def our_spans(module: cst.Module, text: str) -> dict[cst.CSTNode, tuple[Position, Position]]:
    positions = NodePositions(module, text)
    spans = {}
    for node in provider_spans(module):
        span = positions.span(node)
        spans[node] = (span.start, span.end)
    return spans


SOURCES = {
    "decorators and docstrings": (
        "import functools\n"
        "\n"
        "\n"
        "@functools.lru_cache(maxsize=None)\n"
        "@staticmethod\n"
        "def f(a, b=2, *args, c: int = 3, **kw) -> int:\n"
        '    """First line.\n'
        "\n"
        '    More text."""\n'
        "    return a + b  # trailing comment\n"
        "\n"
        "\n"
        "class C(Base, metaclass=Meta):\n"
        "    x: int = 1\n"
        "\n"
        "    @property\n"
        "    def y(self):\n"
        "        return '''a\n"
        "b\n"
        "c'''\n"
    ),
    "crlf": (
        "import os\r\n"
        "\r\n"
        "def f():\r\n"
        '    s = """one\r\n'
        'two"""\r\n'
        "    return [\r\n"
        "        1,\r\n"
        "        2,\r\n"
        "    ]\r\n"
    ),
    "tabs and unicode": (
        "if True:\n"
        "\tname = '日本語'; emoji = '😀😀'\n"
        "\tif name:\n"
        "\t\tvalue = {'ключ': name, 'k': emoji}  # コメント\n"
        "é = lambda x: x + 1\n"
    ),
    "continuations and expressions": (
        "total = 1 + \\\n"
        "    2\n"
        "text = f'{total!r:>10} and {total}'\n"
        "values = [x * 2 for x in range(3) if (y := x)]\n"
        "async def g():\n"
        "    async with ctx() as c, other():\n"
        "        try:\n"
        "            await c\n"
        "        except (ValueError, TypeError) as error:\n"
        "            raise RuntimeError() from error\n"
        "        finally:\n"
        "            pass\n"
    ),
    "form feed and line separator inside strings": (
        "import os\n\x0c\ns = 'a\u2028b'\nt = '\x0c'\nx = s  # end\n"
    ),
}


@pytest.mark.parametrize("text", SOURCES.values(), ids=SOURCES.keys())
def test_node_spans_equal_libcst_positions(text: str) -> None:
    module = cst.parse_module(text)
    expected = provider_spans(module)
    assert len(expected) > 20
    assert our_spans(module, text) == expected


def test_node_spans_of_a_file_without_trailing_newline_stay_inside_the_text() -> None:
    text = "if x:\n    y = 1"
    module = cst.parse_module(text)
    expected = provider_spans(module)
    ours = our_spans(module, text)
    end_of_text = Position(2, 10)
    for node, (start, end) in expected.items():
        assert ours[node] == (start, min(end, end_of_text)), type(node).__name__
    assert ours[module] == (Position(1, 1), end_of_text)


def test_span_of_a_name_after_tabs_and_wide_characters() -> None:
    text = "if 1:\n\tx = '日本😀'; target = 1\n"
    module = cst.parse_module(text)
    positions = NodePositions(module, text)
    names = [
        node
        for node in provider_spans(module)
        if isinstance(node, cst.Name) and node.value == "target"
    ]
    span = positions.span(names[0])
    assert (span.start, span.end) == (Position(2, 13), Position(2, 19))


def test_position_of_an_offset() -> None:
    text = "a = 1\r\nbb = 2\n"
    positions = NodePositions(cst.parse_module(text), text)
    assert positions.position(7) == Position(2, 1)
    assert positions.position(9) == Position(2, 3)


def test_the_checked_codes_syntax_warnings_are_not_printed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parse_python('x = "\\d"\ny = x is 1\n')
    assert capsys.readouterr().err == ""
