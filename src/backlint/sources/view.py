"""What a rule's ast gate sees: one file's text and CPython tree, before any libcst parse.

Text gates (``required_text``) are substring tests; they cannot tell ``Column`` in a
docstring from a call of ``Column``. An ast gate (``applies``) answers, from the tree the
engine has already parsed, whether the file holds anything the rule or collector could
report or record. It must never say no where the full pass would find something: the engine
checks that when ``BACKLINT_VERIFY_GATES=1`` is set, and the test suite sets it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from backlint.sources.symbols import ModuleSymbols, ast_dotted

if TYPE_CHECKING:
    from backlint.rule import RuleContext

N = TypeVar("N", bound=ast.AST)
T = TypeVar("T")


class SourceView:
    """A Python file as an ast gate sees it. Walks the tree at most once, on first use."""

    def __init__(
        self,
        path: str,
        text: str,
        tree: ast.Module,
        module_name: str,
        is_package: bool,
        context: RuleContext,
    ) -> None:
        self.path = path
        self.text = text
        self.tree = tree
        self.module_name = module_name
        self.is_package = is_package
        self.context = context
        self._symbols: ModuleSymbols | None = None
        self._nodes: dict[type[ast.AST], list[ast.AST]] | None = None
        self._depth = 0
        self._names: frozenset[str] | None = None
        self._callees: list[tuple[ast.Call, str | None]] | None = None
        self._shared: dict[str, Any] = {}

    def release(self) -> None:
        """Drop what the gates kept (their shared state refers back to this view)."""
        self._shared.clear()
        self._nodes = None
        self._callees = None
        self.tree = ast.Module(body=[], type_ignores=[])

    def shared(self, key: str, build: Callable[[SourceView], T]) -> T:
        """Per-file state that several gates of a family compute once (``build(view)``)."""
        if key not in self._shared:
            self._shared[key] = build(self)
        return self._shared[key]  # type: ignore[no-any-return]

    @property
    def symbols(self) -> ModuleSymbols:
        if self._symbols is None:
            self._symbols = ModuleSymbols(self.tree, self.module_name, self.is_package)
        return self._symbols

    def qualify(self, node: ast.expr | str | None) -> str | None:
        """The dotted name an expression refers to, as :meth:`PythonFile.qualify` says it."""
        text = node if isinstance(node, str) or node is None else ast_dotted(node)
        return self.symbols.qualify(text)

    def nodes(self, kind: type[N]) -> list[N]:
        """Every node of exactly type ``kind`` in the file, in no particular order."""
        if self._nodes is None:
            self._walk()
        assert self._nodes is not None
        return self._nodes.get(kind, [])  # type: ignore[return-value]

    @property
    def walked(self) -> bool:
        """Whether the tree has been walked (so :meth:`depth` costs nothing)."""
        return self._nodes is not None

    def depth(self) -> int:
        """How deeply the tree nests (the module is depth 1), from the same single walk."""
        if self._nodes is None:
            self._walk()
        return self._depth

    def _walk(self) -> None:
        # Level by level: as fast as ast.walk, and the number of levels is the depth.
        buckets: defaultdict[type[ast.AST], list[ast.AST]] = defaultdict(list)
        children = ast.iter_child_nodes
        level: list[ast.AST] = [self.tree]
        depth = 0
        while level:
            depth += 1
            below: list[ast.AST] = []
            for node in level:
                buckets[type(node)].append(node)
                below.extend(children(node))
            level = below
        self._nodes = dict(buckets)
        self._depth = depth

    def identifiers(self) -> frozenset[str]:
        """Every name the code mentions: variables, attributes, definitions, keywords."""
        if self._names is None:
            names: set[str] = {n.id for n in self.nodes(ast.Name)}
            names.update(n.attr for n in self.nodes(ast.Attribute))
            names.update(n.arg for n in self.nodes(ast.keyword) if n.arg)
            for kind in (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef):
                names.update(n.name for n in self.nodes(kind))  # type: ignore[attr-defined]
            for kind in (ast.Import, ast.ImportFrom):
                for statement in self.nodes(kind):
                    for alias in statement.names:  # type: ignore[attr-defined]
                        names.add(alias.asname or alias.name.partition(".")[0])
                        names.update(alias.name.split("."))
            self._names = frozenset(names)
        return self._names

    def strings(self) -> Iterator[str]:
        """The value of every string constant (f-string pieces included)."""
        for node in self.nodes(ast.Constant):
            if isinstance(node.value, str):
                yield node.value

    def callees(self) -> list[tuple[ast.Call, str | None]]:
        """Every call with the dotted name its callee refers to (``None`` if unknown)."""
        if self._callees is None:
            self._callees = [(call, self.qualify(call.func)) for call in self.nodes(ast.Call)]
        return self._callees
