"""Piece-by-piece parsing gives libcst's module and positions, and reparses only what changed."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings

from backlint.sources.incremental import ChunkedParser, ChunkedPositions
from backlint.sources.positions import NodePositions
from backlint.sources.traverse import visit

from .test_traverse import corpus

REPO = Path(__file__).resolve().parent.parent


class _Nodes(cst.CSTVisitor):
    def __init__(self) -> None:
        self.nodes: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.nodes.append(node)
        return True


def every_node(module: cst.Module) -> list[cst.CSTNode]:
    collector = _Nodes()
    visit(module, collector)
    return collector.nodes


def assert_same_as_whole_parse(text: str, parser: ChunkedParser | None = None) -> bool:
    """Compares with libcst's parse of the whole text; ``False`` when parsed whole."""
    parser = parser or ChunkedParser()
    chunked = parser.parse(text, ast.parse(text))
    if chunked is None:
        return False
    module, positions = chunked
    whole = cst.parse_module(text)
    assert module.code == text
    assert module.deep_equals(whole)
    for attribute in ("default_indent", "default_newline", "has_trailing_newline", "encoding"):
        assert getattr(module, attribute) == getattr(whole, attribute), attribute
    # Every node's span is the one computed over the whole module.
    expected = NodePositions(whole, text)
    for ours, theirs in zip(every_node(module), every_node(whole), strict=True):
        assert type(ours) is type(theirs)
        assert _span(positions, ours) == _span(expected, theirs), ours
    return True


def _span(positions: ChunkedPositions | NodePositions, node: cst.CSTNode) -> object:
    # A node code generation never prints (the empty whitespace of some `match` subjects)
    # has no span, in the whole module as in its piece.
    try:
        return positions.span(node)
    except KeyError:
        return "no span"


def test_the_corpus_is_mostly_parsed_in_pieces() -> None:
    files = [p for p in corpus() if p.read_bytes().strip()]
    pieced = 0
    for path in files[:: max(1, len(files) // 150)]:
        text = path.read_bytes().decode("utf-8")
        pieced += assert_same_as_whole_parse(text)
    assert pieced >= 100


@pytest.mark.parametrize(
    "text",
    [
        "import os\n\n\nclass A:\n    x = 1\n\n    # inner comment\n# outer comment\n\ndef f():\n"
        "    return 1\n",
        '#!/usr/bin/env python\n# header comment\n\n"""Doc."""\n\nimport os\n',
        "@decorator\n# between\n@other(1)\ndef f():\n\tpass\n\n\nx = [\n    1,\n]\n",
        "if True:\n  a = 1\nelse:\n  b = 2\n\n\n\n\n# trailing\n\n",
        "class A: pass\nclass B:\n        deep = 1\n",
        "x = 1\r\ny = '''\r\nnot a statement\r\n'''\r\nz = 3\r\n",
        "x = 1\ny = 2",
        "def f():\n    pass\n    # indented after the block\nx = 1\n",
        "def f():\n    pass\n\n    \nx = 1\n",
        "s = 'a' \\\n    'b'\nt = 1\n",
        "class A:\n pass\nclass A:\n pass\nclass A: pass\n",  # one piece, three places
        "x = 1\nmatch lambda: 'x':\n    case {}: pass\n    case _: pass\n",
    ],
)
def test_shapes_of_module_level_code(text: str) -> None:
    assert assert_same_as_whole_parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "a = 1; b = 2\nc = 3\n",  # a statement sharing a line with the one before
        "a = 1\r\nb = 2\n",  # mixed line endings
        "class A:\n \x0c pass\n",  # a form feed in the indentation
        "class A:\n pass\nclass B:\n  pass\n",  # blocks indented by one and by two
    ],
)
def test_files_it_leaves_to_a_whole_parse(text: str) -> None:
    assert ChunkedParser().parse(text, ast.parse(text)) is None


def test_an_edit_reparses_only_the_piece_that_changed() -> None:
    blocks = [f"def f{n}(x):\n    return x + {n}\n\n\n" for n in range(50)]
    text = "import os\n\n\n" + "".join(blocks)
    parser = ChunkedParser()
    assert assert_same_as_whole_parse(text, parser)
    first = parser.parsed
    assert first == 51
    edited = text.replace("return x + 17\n", "return x - 17  # changed\n")
    assert assert_same_as_whole_parse(edited, parser)
    assert parser.parsed == first + 1
    # A new statement in the middle: one new piece (with the blank lines before it), and
    # the function after it keeps the same blank lines before it.
    inserted = edited.replace("def f30(", "y = 2\n\n\ndef f30(")
    assert assert_same_as_whole_parse(inserted, parser)
    assert parser.parsed == first + 2


def test_kept_pieces_are_bounded_and_results_stay_right() -> None:
    parser = ChunkedParser(budget=200)
    for n in range(5):
        text = "".join(f"v{i} = {i + n}\n" for i in range(40))
        assert assert_same_as_whole_parse(text, parser)
    assert parser._size <= 200


def test_random_valid_python() -> None:
    hypothesmith = pytest.importorskip("hypothesmith", reason="hypothesmith is not installed")

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(source=hypothesmith.from_node())
    def check(source: str) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ast.parse(source)
            except SyntaxError:
                return  # newer syntax than this Python's ast: the engine parses it whole
            assert_same_as_whole_parse(source)

    check()


def test_pieces_nested_too_deeply_are_left_to_the_whole_parse() -> None:
    text = "x = 1\n\n\ny = " + " + ".join(["a"] * 1500) + "\n"
    assert ChunkedParser().parse(text, ast.parse(text)) is None


def test_the_engine_reports_deep_nesting_when_parsing_in_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from backlint import engine
    from backlint.registry import RuleSet
    from backlint.rule import RuleContext

    monkeypatch.setattr(engine, "_CHUNKS", ChunkedParser())
    text = "from pydantic import BaseModel\n\n\ny = " + " + ".join(["a"] * 1500) + "\n"
    rules = RuleSet.select(["ALL"], [])
    result = engine.check_python("mod.py", text, rules, RuleContext(enabled=rules.codes))
    assert [d.code for d in result.diagnostics] == ["BK002"]
    assert "nested too deeply" in result.diagnostics[0].message


def test_the_engine_measures_depth_in_the_gates_walk_and_still_reports_it() -> None:
    from backlint import engine
    from backlint.registry import RuleSet
    from backlint.rule import RuleContext

    assert engine._CHUNKS is None
    text = (
        "from pydantic import BaseModel\n\n\nclass User(BaseModel):\n    class Config:\n"
        "        orm_mode = True\n\n\ny = " + " + ".join(["a"] * 1500) + "\n"
    )
    rules = RuleSet.select(["ALL"], [])
    result = engine.check_python("mod.py", text, rules, RuleContext(enabled=rules.codes))
    assert [d.code for d in result.diagnostics] == ["BK002"]
    assert "nested too deeply" in result.diagnostics[0].message
    shallow = text.split("\n\n\ny = ")[0] + "\n"
    result = engine.check_python("mod.py", shallow, rules, RuleContext(enabled=rules.codes))
    assert {d.code for d in result.diagnostics} == {"BK301"}
