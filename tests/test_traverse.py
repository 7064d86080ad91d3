"""The read-only traversal calls the same methods, on the same nodes, in libcst's order."""

from __future__ import annotations

import functools
import warnings
from pathlib import Path

import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings

from backlint.sources import traverse
from backlint.sources.traverse import TRIVIA, visit, visit_batched

REPO = Path(__file__).resolve().parent.parent
NODE_TYPES = sorted(
    name
    for name, value in vars(cst).items()
    if isinstance(value, type) and issubclass(value, cst.CSTNode) and not name.startswith("Base")
)
TRIVIA_NAMES = {kind.__name__ for kind in TRIVIA}

Event = tuple[str, str, int]


def recorder(events: list[Event], names: list[str]) -> cst.BatchableCSTVisitor:
    """A visitor with ``visit_``/``leave_`` methods for ``names`` that logs each call."""

    def method(action: str, name: str):  # type: ignore[no-untyped-def]
        def record(self: object, node: cst.CSTNode) -> None:
            events.append((action, name, id(node)))

        # libcst finds visitor methods by their function's name.
        record.__name__ = f"{action}_{name}"
        return record

    attributes = {f"visit_{n}": method("visit", n) for n in names}
    attributes.update({f"leave_{n}": method("leave", n) for n in names})
    return type("Recorder", (cst.BatchableCSTVisitor,), attributes)()


def plain_recorder(events: list[Event], names: list[str], prune: str) -> cst.CSTVisitor:
    """A non-batched visitor logging every call; ``visit_<prune>`` skips the children."""

    def method(action: str, name: str):  # type: ignore[no-untyped-def]
        def record(self: object, node: cst.CSTNode) -> bool:
            events.append((action, name, id(node)))
            return name != prune

        return record

    attributes = {f"visit_{n}": method("visit", n) for n in names}
    attributes.update({f"leave_{n}": method("leave", n) for n in names})
    return type("PlainRecorder", (cst.CSTVisitor,), attributes)()


def libcst_events(module: cst.Module, names: list[str]) -> list[Event]:
    events: list[Event] = []
    cst.visit_batched(module, [recorder(events, names)])
    return events


def our_events(module: cst.Module, names: list[str]) -> list[Event]:
    events: list[Event] = []
    visit_batched(module, [recorder(events, names)])
    return events


def assert_same_traversal(source: str | bytes) -> None:
    module = cst.parse_module(source)
    # Every node type asked for: nothing is skipped, the sequences are equal.
    everything = libcst_events(module, NODE_TYPES)
    assert everything[0] == ("visit", "Module", id(module))
    assert our_events(module, NODE_TYPES) == everything
    # No trivia asked for: the same sequence without whitespace and comments.
    names = [n for n in NODE_TYPES if n not in TRIVIA_NAMES]
    expected = [e for e in everything if e[1] not in TRIVIA_NAMES]
    assert our_events(module, names) == expected
    # A plain visitor, whose visit_Call returning False skips the call's arguments.
    for asked, prune in ((NODE_TYPES, "Call"), (names, "ClassDef")):
        theirs: list[Event] = []
        module.visit(plain_recorder(theirs, asked, prune))
        ours: list[Event] = []
        visit(module, plain_recorder(ours, asked, prune))
        assert ours == theirs


def _parses(path: Path) -> bool:
    try:
        cst.parse_module(path.read_bytes())
    except (cst.ParserSyntaxError, SyntaxError, UnicodeDecodeError, LookupError):
        return False  # catalogue cases of unreadable files
    return True


@functools.cache
def corpus() -> list[Path]:
    """The Python files of the rule catalogue, the examples, test corpora and backlint."""
    folders = ["rules", "examples", "tests/pydantic_corpus", "tests/sqlalchemy_corpus"]
    files = [p for folder in folders for p in sorted((REPO / folder).rglob("*.py"))]
    files += sorted((REPO / "src" / "backlint").rglob("*.py"))
    return [p for p in files if _parses(p)]


def test_the_corpus_is_large() -> None:
    assert len(corpus()) > 200


@pytest.mark.parametrize("path", corpus(), ids=lambda p: str(p.relative_to(REPO)))
def test_same_calls_as_libcst_on_real_files(path: Path) -> None:
    assert_same_traversal(path.read_bytes())


def test_every_syntax_form() -> None:
    source = '''
from __future__ import annotations
from . import (a as b, c)
from .mod import *
import os.path as p, sys; x = 1
@decorator(arg)
class A(B, metaclass=M):
    """Doc."""
    x: int = 1  # comment
    def f(self, a, /, b=2, *args, c, d: int = 3, **kw) -> None:
        global g
        nonlocal_ = lambda y, *z: (y, *z)
        async def inner():
            async with a as (b, c), d:
                async for i in aiter():
                    await x
        yield from gen
        return [i for i in range(3) if i] + {k: v for k, v in d.items()}.get(1)
try:
    pass
except* ValueError as error:
    raise RuntimeError("x") from error
else:
    del a[1:2, ::3], b.c
finally:
    assert x, f"{x!r:>{width}} {y=}"
match command:
    case [1, *rest] | {"k": v, **others} if v:
        pass
    case Point(x=0, y=_) as p:
        pass
while (n := n - 1) > 0:
    x += 1; x **= 2; x @= m
    continue
else:
    print(not x, -x, ~x, x if y else z, a < b <= c is not d, x @ y)
type Alias = list[int]
def g[T](x: T) -> T: ...
'''
    assert_same_traversal(source)


def test_a_node_class_whose_order_is_unknown_falls_back_to_libcst_children(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(traverse._FIELDS, cst.Call, None)
    assert_same_traversal("f(a, b=1)(c)[d]\n")


def test_random_valid_python() -> None:
    hypothesmith = pytest.importorskip("hypothesmith", reason="hypothesmith is not installed")

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(source=hypothesmith.from_node())
    def check(source: str) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert_same_traversal(source)

    check()
