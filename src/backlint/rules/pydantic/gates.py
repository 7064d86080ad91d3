"""What the pydantic rules' ast gates read: the CPython tree, before any libcst parse.

Each rule's ``applies`` must say yes wherever its full pass reports (a diagnostic, even one
whose conditions the project pass may later drop) or records a fact. Every rule of the
family records, through :class:`~backlint.rules.pydantic.detect.PydanticRule`, the bases of
the classes that can be named from elsewhere when the module's own symbol facts do not
already say the same (nested classes, classes under ``with`` or ``for``...);
:func:`class_facts` tells those files apart. The rest is per rule: the calls, imports and
decorators it reports, read from the shared walk of :class:`SourceView`.

Everything here over-approximates the rules' own logic: when a gate cannot tell cheaply, it
says yes.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Collection, Iterable, Iterator

from backlint.facts import SymbolFact
from backlint.sources.view import SourceView

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _blocks(statement: ast.stmt) -> Iterator[list[ast.stmt]]:
    """The statement lists nested in a compound statement that opens no scope."""
    for name in ("body", "orelse", "finalbody"):
        block = getattr(statement, name, None)
        if isinstance(block, list):
            yield block
    for handler in getattr(statement, "handlers", ()):
        yield handler.body
    for case in getattr(statement, "cases", ()):
        yield case.body


def in_body(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a module or class body, through ``if``/``for``/``with``/``try``/
    ``match`` blocks but not into functions or classes (which are yielded themselves)."""
    for statement in body:
        yield statement
        if not isinstance(statement, _SCOPES):
            for block in _blocks(statement):
                yield from in_body(block)


def strip_subscripts(node: ast.expr) -> ast.expr:
    """``Page[int]`` -> ``Page``, as ``detect.base_expression`` does."""
    while isinstance(node, ast.Subscript):
        node = node.value
    return node


class Outline:
    """The module-level structure of one file: the classes that can be named from elsewhere
    and the module-level annotated assignments (function bodies are not read)."""

    def __init__(self, view: SourceView) -> None:
        self.view = view
        # Classes outside functions, with the dotted names the rules give them.
        self.classes: list[tuple[ast.ClassDef, str]] = []
        # Whether a class sits in a class body (``Outer.Inner``); module symbols lack those.
        self.nested = False
        self.module_annotations: list[ast.AnnAssign] = []
        self._read(view.tree.body, None)
        self._class_facts: bool | None = None

    def _read(self, body: list[ast.stmt], owner: str | None) -> None:
        for statement in in_body(body):
            if isinstance(statement, ast.ClassDef):
                if owner is None:
                    qualname = self._local(statement.name)
                else:
                    qualname = f"{owner}.{statement.name}"
                    self.nested = True
                self.classes.append((statement, qualname))
                self._read(statement.body, qualname)
            elif owner is None and isinstance(statement, ast.AnnAssign):
                self.module_annotations.append(statement)

    def _local(self, name: str) -> str:
        module = self.view.module_name
        return f"{module}.{name}" if module else name

    def bases(self, node: ast.ClassDef) -> tuple[str, ...]:
        """A module-level class's bases as ``PydanticRule.class_info`` resolves them."""
        found = []
        for base in node.bases:
            if isinstance(base, ast.Starred):
                continue
            expression = strip_subscripts(base)
            if isinstance(expression, (ast.Name, ast.Attribute)):
                qualified = self.view.qualify(expression)
                if qualified is not None:
                    found.append(qualified)
        return tuple(found)

    @property
    def class_facts(self) -> bool:
        """Whether ``PydanticRule.visit_ClassDef`` records a fact in this file."""
        if self._class_facts is None:
            self._class_facts = self.nested or self._unknown_to_symbols()
        return self._class_facts

    def _unknown_to_symbols(self) -> bool:
        if not self.classes:
            return False
        known = frozenset(self.view.symbols.facts)
        return any(
            SymbolFact(qualname, self.bases(node)) not in known for node, qualname in self.classes
        )


def outline(view: SourceView) -> Outline:
    """The file's outline, read once for all the family's gates."""
    return view.shared("pydantic.outline", Outline)


def class_facts(view: SourceView) -> bool:
    """Whether a pydantic rule records the bases of a class of this file."""
    if not view.nodes(ast.ClassDef):
        return False
    return outline(view).class_facts


# Names ---------------------------------------------------------------------------------------


def imports_any(view: SourceView, qualnames: Collection[str]) -> bool:
    """Whether a module-level name stands for one of ``qualnames`` (an import the rule may
    report as unused once its fix has run)."""
    return any(target in qualnames for target in view.symbols.aliases.values())


def calls_to(view: SourceView, qualnames: Collection[str]) -> Iterator[ast.Call]:
    """Calls whose callee names one of ``qualnames``; only callees whose last name is one of
    theirs (or a name bound by an import) are qualified."""
    last = {name.rpartition(".")[2] for name in qualnames}
    aliases = view.symbols.aliases
    for call in view.nodes(ast.Call):
        func = call.func
        if isinstance(func, ast.Name):
            if func.id in aliases and aliases[func.id] in qualnames:
                yield call
        elif (
            isinstance(func, ast.Attribute)
            and func.attr in last
            and view.qualify(func) in qualnames
        ):
            yield call


def decorators(view: SourceView, qualnames: Collection[str]) -> Iterator[tuple[ast.expr, str]]:
    """Functions' decorators (called or not) naming one of ``qualnames``, with that name."""
    for kind in _FUNCTIONS:
        for function in view.nodes(kind):
            for decorator in function.decorator_list:
                func = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(func, (ast.Name, ast.Attribute)):
                    qualified = view.qualify(func)
                    if qualified in qualnames:
                        yield decorator, qualified


def string_annotation(view: SourceView, text: str, local: Collection[str]) -> bool:
    """Whether a string annotation may name a class (read as libcst would parse it)."""
    expression = _annotation(text)
    if expression is None:
        return True  # libcst may still read it: say yes
    return class_annotation(view, expression, local)


@functools.lru_cache(maxsize=4096)
def _annotation(text: str) -> ast.expr | None:
    """A string annotation's expression (kept: the same few annotations recur, and the tree
    is only read)."""
    try:
        return ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def class_annotation(view: SourceView, annotation: ast.expr, local: Collection[str]) -> bool:
    """Whether ``annotation`` may name a class: a module-level name, a class of ``local``
    (classes of the file's inner scopes), or a string holding one."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return string_annotation(view, annotation.value, local)
    if isinstance(annotation, ast.Name):
        return annotation.id in view.symbols.aliases or annotation.id in local
    if isinstance(annotation, ast.Attribute):
        return view.qualify(annotation) is not None
    return False


def _scope(body: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """The nodes read in the scope ``body`` belongs to. A nested function or class is
    yielded (its name binds here) with its decorators, bases, arguments and annotations,
    which this scope reads, but not its body; a lambda with its arguments, not its body."""
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _SCOPES):
            stack.extend(node.decorator_list)
            if isinstance(node, ast.ClassDef):
                stack.extend(node.bases)
                stack.extend(k.value for k in node.keywords)
            else:
                stack.append(node.args)
                if node.returns is not None:
                    stack.append(node.returns)
        elif isinstance(node, ast.Lambda):
            stack.append(node.args)
        else:
            stack.extend(ast.iter_child_nodes(node))


def _binding(node: ast.AST) -> Iterator[str]:
    """The names ``node`` itself binds in its scope (imports aside)."""
    if isinstance(node, _SCOPES):
        yield node.name
    elif isinstance(node, ast.Name):
        if not isinstance(node.ctx, ast.Load):
            yield node.id
    elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
        yield node.name
    elif isinstance(node, ast.MatchMapping) and node.rest:
        yield node.rest


def body_binds(body: list[ast.stmt]) -> set[str]:
    """Every name a class body may bind, functions' and classes' bodies left out (a superset
    of what ``names.NameUses(nested=False)`` counts)."""
    found: set[str] = set()
    for node in _scope(body):
        found.update(_binding(node))
        if isinstance(node, ast.alias):
            found.add(node.asname or node.name.partition(".")[0])
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            found.update(node.names)
    return found


def plain_modules(
    tree: ast.Module, declarations: Iterable[ast.Global] | None = None
) -> frozenset[str]:
    """The names the module binds only by plain ``import`` statements (``import copy``,
    ``import shutil as sh``, ``import os.path`` binding ``os``): module objects wherever the
    module's scope reads them, so never a model nor an instance of one.

    A name bound at module level in any other way (an assignment, ``from`` import, ``def``,
    loop or ``with`` target, walrus...), or declared ``global`` anywhere, is left out, and so
    is every name once a ``from ... import *`` may bind it. Function and class bodies are not
    read: their own bindings are their scopes', which the rules look up first.
    ``declarations`` are the tree's ``global`` statements, when the caller has them at hand.
    """
    imported: set[str] = set()
    other: set[str] = set()
    for node in _scope(tree.body):
        if isinstance(node, ast.Import):
            imported.update(alias.asname or alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if any(alias.name == "*" for alias in node.names):
                return frozenset()
            other.update(alias.asname or alias.name for alias in node.names)
        else:
            # (The aliases below an import are yielded too; they bind nothing more.)
            other.update(_binding(node))
    if not imported:
        return frozenset()
    # `global name` in any function or class body rebinds the module's name.
    for node in ast.walk(tree) if declarations is None else declarations:
        if isinstance(node, ast.Global):
            other.update(node.names)
    return frozenset(imported - other)


def keywords(call: ast.Call) -> Iterator[ast.keyword]:
    """A call's named keyword arguments (``**kwargs`` left out)."""
    return (k for k in call.keywords if k.arg is not None)
