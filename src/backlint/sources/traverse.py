"""A read-only batched traversal of libcst trees, several times faster than libcst's own.

libcst visits a tree by rebuilding every node (``_visit_and_replace_children`` constructs
and validates a copy, even for a visitor that changes nothing), which made the traversal
cost twice the parse. Rules only read, so :func:`visit_batched` walks the nodes' fields
directly, in the order libcst's own traversal visits them (read once per node class from
libcst's ``_visit_and_replace_children``), calling the same ``visit_<Node>`` and
``leave_<Node>`` methods in the same sequence. Whitespace, comments and the insides of
operator tokens are not descended into unless some visitor asks for one of those nodes.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence

import libcst as cst
from libcst._nodes import op as _op

Method = Callable[[cst.CSTNode], object]

# Nodes that hold only whitespace and comments below them.
TRIVIA: frozenset[type[cst.CSTNode]] = frozenset(
    {
        cst.SimpleWhitespace,
        cst.ParenthesizedWhitespace,
        cst.TrailingWhitespace,
        cst.EmptyLine,
        cst.Newline,
        cst.Comment,
    }
)
TOKENS: frozenset[type[cst.CSTNode]] = frozenset(
    value
    for value in vars(_op).values()
    if isinstance(value, type)
    and issubclass(value, cst.CSTNode)
    and value.__module__ == _op.__name__
)

_FIELDS: dict[type[cst.CSTNode], tuple[str, ...] | None] = {}
_NODE_TYPES: dict[type, bool] = {}


def _is_node(kind: type) -> bool:
    known = _NODE_TYPES.get(kind)
    if known is None:
        known = _NODE_TYPES[kind] = issubclass(kind, cst.CSTNode)
    return known


def child_fields(kind: type[cst.CSTNode]) -> tuple[str, ...] | None:
    """The fields libcst's traversal visits for ``kind``, in its order (``None``: unknown)."""
    if kind in _FIELDS:
        return _FIELDS[kind]
    fields: tuple[str, ...] | None
    try:
        method = next(
            klass.__dict__["_visit_and_replace_children"]
            for klass in kind.__mro__
            if "_visit_and_replace_children" in klass.__dict__
        )
        tree = ast.parse(textwrap.dedent(inspect.getsource(method)))
    except (StopIteration, OSError, TypeError, SyntaxError):
        fields = None
    else:
        found = sorted(
            (call.lineno, call.col_offset, call.args[1].value)
            for call in ast.walk(tree)
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id.startswith("visit_")
            and len(call.args) >= 2
            and isinstance(call.args[1], ast.Constant)
            and isinstance(call.args[1].value, str)
        )
        ordered: list[str] = []
        for _, _, name in found:
            if name not in ordered:
                ordered.append(name)
        fields = tuple(ordered)
    _FIELDS[kind] = fields
    return fields


_NAMES: dict[type[cst.BatchableCSTVisitor], tuple[str, ...]] = {}


def _children(node: cst.CSTNode, fields: tuple[str, ...] | None) -> Iterator[cst.CSTNode]:
    if fields is None:
        yield from node.children
        return
    for name in fields:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif isinstance(value, (tuple, list)):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


def visit(node: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    """``node.visit(visitor)`` for a visitor that only reads: the same calls, no copies.

    A ``visit_<Node>`` method that returns ``False`` skips the node's children, as in
    libcst. (Per-attribute ``visit_<Node>_<attribute>`` methods are not called.)
    """
    kind = type(visitor)
    skip_trivia = not any(
        hasattr(kind, f"{action}_{trivia.__name__}")
        for trivia in TRIVIA
        for action in ("visit", "leave")
    )
    base = cst.CSTVisitor
    if kind.on_visit is not base.on_visit or kind.on_leave is not base.on_leave:
        _visit_hooked(node, visitor, skip_trivia)
        return
    # libcst's on_visit and on_leave look each method up by name for every node; here the
    # lookup is made once per node class.
    Entry = tuple[Method | None, Method | None, tuple[str, ...] | None, bool]
    table: dict[type[cst.CSTNode], Entry] = {}

    def entry(node_kind: type[cst.CSTNode]) -> Entry:
        name = node_kind.__name__
        made = (
            getattr(visitor, f"visit_{name}", None),
            getattr(visitor, f"leave_{name}", None),
            child_fields(node_kind),
            skip_trivia and node_kind in TOKENS,
        )
        table[node_kind] = made
        return made

    def go(node: cst.CSTNode) -> None:
        node_kind = type(node)
        if skip_trivia and node_kind in TRIVIA:
            return
        on_visit, on_leave, fields, leaf = table.get(node_kind) or entry(node_kind)
        if (on_visit is None or on_visit(node) is not False) and not leaf:
            for child in _children(node, fields):
                go(child)
        if on_leave is not None:
            on_leave(node)

    try:
        go(node)
    finally:
        # `go` refers to itself: without this, each walk's visitors (and the trees
        # they hold) would wait for the cyclic collector.
        go = None  # type: ignore[assignment]


def _visit_hooked(node: cst.CSTNode, visitor: cst.CSTVisitor, skip_trivia: bool) -> None:
    """:func:`visit` for a visitor with its own ``on_visit`` or ``on_leave``."""

    def go(node: cst.CSTNode) -> None:
        node_kind = type(node)
        if skip_trivia and node_kind in TRIVIA:
            return
        if visitor.on_visit(node) and not (skip_trivia and node_kind in TOKENS):
            for child in _children(node, child_fields(node_kind)):
                go(child)
        visitor.on_leave(node)

    try:
        go(node)
    finally:
        # `go` refers to itself: without this, each walk's visitors (and the trees
        # they hold) would wait for the cyclic collector.
        go = None  # type: ignore[assignment]


def _methods(visitors: Iterable[cst.BatchableCSTVisitor]) -> dict[str, list[Method]]:
    """What ``get_visitors`` gives, with its names found once per class, not per file.

    (``get_visitors`` inspects every member of the visitor; for every rule of every file
    that cost more than the traversal itself.)
    """
    methods: dict[str, list[Method]] = {}
    for visitor in visitors:
        kind = type(visitor)
        names = _NAMES.get(kind)
        if names is None:
            names = _NAMES[kind] = tuple(visitor.get_visitors())
        for name in names:
            methods.setdefault(name, []).append(getattr(visitor, name))
    return methods


def visit_batched(module: cst.CSTNode, visitors: Sequence[cst.BatchableCSTVisitor]) -> None:
    """Call the visitors' ``visit_``/``leave_`` methods over ``module``, as libcst would."""
    methods = _methods(visitors)
    wanted = {name.split("_", 1)[1] for name in methods}
    skip_trivia = not any(kind.__name__ in wanted for kind in TRIVIA)
    Entry = tuple[Sequence[Method], Sequence[Method], tuple[str, ...] | None, bool]
    table: dict[type[cst.CSTNode], Entry] = {}

    def entry(kind: type[cst.CSTNode]) -> Entry:
        name = kind.__name__
        # Below a token only trivia lives; trivia itself is not visited at all.
        leaf = skip_trivia and kind in TOKENS
        made = (
            methods.get(f"visit_{name}", ()),
            methods.get(f"leave_{name}", ()),
            child_fields(kind),
            leaf,
        )
        table[kind] = made
        return made

    def go(node: cst.CSTNode) -> None:
        kind = type(node)
        if skip_trivia and kind in TRIVIA:
            return
        visits, leaves, fields, leaf = table.get(kind) or entry(kind)
        for method in visits:
            method(node)
        if not leaf:
            if fields is None:
                for child in node.children:
                    go(child)
            else:
                # Inlined _children: this loop is the hottest code of a run (and CSTNode is
                # an ABC, so isinstance is slow; a field's type is looked up instead).
                for name in fields:
                    value = getattr(node, name)
                    value_type = type(value)
                    if value_type is tuple or value_type is list:
                        for item in value:
                            if _is_node(type(item)):
                                go(item)
                    elif _is_node(value_type):
                        go(value)
        for method in leaves:
            method(node)

    try:
        go(module)
    finally:
        # `go` refers to itself: without this, each walk's visitors (and the trees
        # they hold) would wait for the cyclic collector.
        go = None  # type: ignore[assignment]
