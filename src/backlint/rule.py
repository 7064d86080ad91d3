"""The rule base classes. A rule is a class that describes itself and checks one thing.

Three kinds, by what they read:

* :class:`PythonRule` visits a libcst tree; every enabled Python rule of a file shares ONE
  traversal (the engine batches their ``visit_*`` / ``leave_*`` methods).
* :class:`ManifestRule` reads one parsed dependency manifest.
* :class:`ProjectRule` reads the facts of every file of the project, never sources.

Rules are pure: no file I/O, no processes, no network. A rule's docstring is its
documentation, written in ruff's sections (What it does / Why is this bad? / Example /
Use instead / Fix safety) and citing the seed document it enforces.
"""

from __future__ import annotations

import ast
import enum
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import libcst as cst
from libcst.metadata import MetadataWrapper

from backlint.diagnostics import Condition, Diagnostic, Edit, Fix, Position, Severity
from backlint.facts import SymbolFact
from backlint.manifests import Manifest, Span
from backlint.sources.positions import NodePositions, Positions
from backlint.sources.symbols import ModuleSymbols, dotted

if TYPE_CHECKING:
    from backlint.project import ProjectFacts
    from backlint.sources.view import SourceView

T = TypeVar("T")


class FixAvailability(str, enum.Enum):
    NONE = "none"
    SAFE = "safe"
    UNSAFE = "unsafe"
    SOMETIMES = "sometimes"


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule may know besides its input: the effective settings that concern it.

    ``options`` maps a family's table name (``"requirements"``) to its validated options;
    ``src`` lists the absolute directories that hold the project's own top-level packages;
    ``enabled`` holds the codes of the rules enabled in this run, so that rules sharing a
    line (BK102 and BK103) can hand it to each other.
    """

    target_version: tuple[int, int] = (3, 10)
    options: Mapping[str, Any] = field(default_factory=dict)
    src: tuple[str, ...] = ()
    enabled: frozenset[str] = frozenset()


class Rule:
    """Base of every rule. Subclasses set the class attributes below and a docstring."""

    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str]
    summary: ClassVar[str]
    seed: ClassVar[str | None] = None
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NONE
    severity: ClassVar[Severity] = Severity.ERROR
    # Kinds of names outside the project, seeding the cross-module resolution of
    # ``Condition``s: {"pydantic.BaseModel": frozenset({"pydantic:model"})}.
    known_kinds: ClassVar[Mapping[str, frozenset[str]]] = {}

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def diagnostic(
        cls,
        path: str,
        span: Span,
        message: str | None = None,
        *,
        fix: Fix | None = None,
        help: str | None = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=cls.code,
            name=cls.name,
            message=message or cls.summary,
            path=path,
            start=span.start,
            end=span.end,
            fix=fix,
            severity=cls.severity,
            help=help,
        )


class BuiltinRule(Rule):
    """A rule reported by the engine itself (suppressions, unreadable files)."""


class ManifestRule(Rule):
    """A rule over one dependency manifest.

    Manifest rules run once every manifest of the project is read, so that requirements in a
    file pulled in only by ``-c`` already carry ``constraint=True``.
    """

    def check_manifest(self, manifest: Manifest, context: RuleContext) -> Iterable[Diagnostic]:
        raise NotImplementedError


class ProjectRule(Rule):
    """A rule over the facts of the whole project."""

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterable[Diagnostic]:
        raise NotImplementedError


class PythonFile:
    """A parsed Python file as the rules see it, with positions computed on demand.

    Positions cost a walk of the tree, so they are computed only once something asks for one
    (usually because a rule has found something to report).
    """

    def __init__(
        self,
        path: str,
        text: str,
        module: cst.Module,
        module_name: str = "",
        is_package: bool = False,
        tree: ast.Module | None = None,
        symbols: ModuleSymbols | None = None,
        positions: Positions | None = None,
    ) -> None:
        self.path = path
        self._tree = tree
        self._tree_failed = False
        self.text = text
        self.module = module
        self.module_name = module_name
        self.is_package = is_package
        self.positions: Positions = positions or NodePositions(module, text)
        self._wrapper: MetadataWrapper | None = None
        self._symbols = symbols
        self._shared: dict[str, Any] = {}

    @property
    def tree(self) -> ast.Module | None:
        """CPython's tree of the file; ``None`` for syntax newer than this Python."""
        if self._tree is None and not self._tree_failed:
            try:
                self._tree = ast.parse(self.text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                self._tree_failed = True
        return self._tree

    @property
    def symbols(self) -> ModuleSymbols:
        """The module-level name table (imports, classes, aliases), read on first use."""
        if self._symbols is None:
            # Without a tree (syntax newer than this Python) no names are known.
            self._symbols = ModuleSymbols(self.tree, self.module_name, self.is_package)
        return self._symbols

    def shared(self, key: str, build: Callable[[], T]) -> T:
        """Per-file state that several rules of a family compute once and share.

        It lives and dies with this file; a module-level cache keyed by the file would keep
        every file's tree alive (its values refer back to the file).
        """
        if key not in self._shared:
            self._shared[key] = build()
        return self._shared[key]  # type: ignore[no-any-return]

    def release(self) -> None:
        """Drop what the checks of this file kept: :meth:`shared` state (which refers back
        to the file), the metadata wrapper and the CPython tree. The symbols stay."""
        self._shared.clear()
        self._wrapper = None
        self._tree = None
        self._tree_failed = True

    def qualify(self, node: cst.BaseExpression | str | None) -> str | None:
        """The dotted name an expression refers to (``pd.BaseModel`` -> ``pydantic.BaseModel``)."""
        return self.symbols.qualify(node)

    def qualname(self, local: str) -> str:
        """The dotted name of a module-level name defined in this file."""
        return f"{self.module_name}.{local}" if self.module_name else local

    @property
    def wrapper(self) -> MetadataWrapper:
        """A metadata wrapper over the same nodes, for rules that declare metadata needs."""
        if self._wrapper is None:
            self._wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
        return self._wrapper

    def span(self, node: cst.CSTNode) -> Span:
        return self.positions.span(node)

    def code_for(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def import_edit(self, module: str, name: str) -> Edit | None:
        """An edit making ``name`` of ``module`` importable here; ``None`` if it already is.

        An existing module-level ``from module import ...`` gets the name appended; otherwise
        a new ``from module import name`` line goes after the last module-level import (or
        after the docstring and ``__future__`` imports when there is none).
        """
        if self.qualify(name) == f"{module}.{name}":
            return None
        newline = self.module.default_newline
        anchor: cst.CSTNode | None = None
        for index, statement in enumerate(self.module.body):
            if not isinstance(statement, cst.SimpleStatementLine) or not statement.body:
                break
            small = statement.body[0]
            if isinstance(small, cst.ImportFrom) and not small.relative:
                names = small.names
                if (
                    dotted(small.module) == module
                    and not isinstance(names, cst.ImportStar)
                    and small.rpar is None
                ):
                    end = self.span(names[-1]).end
                    return Edit(end, end, f", {name}")
                anchor = statement
            elif isinstance(small, cst.Import) or (
                index == 0
                and isinstance(small, cst.Expr)
                and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))
            ):
                anchor = statement
            elif anchor is None or not isinstance(small, cst.Expr):
                break
        line = f"from {module} import {name}"
        if anchor is None:
            return Edit(Position(1, 1), Position(1, 1), line + newline)
        end = self.span(anchor).end
        if self.text.endswith(("\n", "\r")) or end.row < self.positions.index.line_count:
            at = Position(end.row + 1, 1)
            return Edit(at, at, line + newline)
        # The anchor is the last line and has no line ending.
        return Edit(end, end, newline + line)


class FactCollector(cst.BatchableCSTVisitor):
    """Gathers a family's facts from Python files for its project rules (no diagnostics).

    A family lists its collectors in ``COLLECTORS``; they join the shared traversal of every
    file that passes ``required_text`` whenever one of the family's rules is enabled, and
    whatever they put in ``self.facts`` (small frozen dataclasses of the family) reaches the
    project pass as ``ProjectFacts.facts(TheFactType)``. Collectors read no options: cached
    facts are keyed by the file and the collectors that ran, not by settings.
    """

    required_text: ClassVar[Sequence[str]] = ()
    project_tokens: ClassVar[Sequence[str]] = ()

    @classmethod
    def tokens_for(cls, context: RuleContext) -> Sequence[str]:
        """``project_tokens`` under these settings (see :meth:`PythonRule.tokens_for`)."""
        return cls.project_tokens

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """Whether the file can hold anything to record (see :meth:`PythonRule.applies`)."""
        return True

    def __init__(self, file: PythonFile, context: RuleContext) -> None:
        super().__init__()
        self.file = file
        self.context = context
        self.facts: list[object] = []


class PythonRule(Rule, cst.BatchableCSTVisitor):
    """A rule that visits a libcst tree. Define ``visit_<Node>`` / ``leave_<Node>`` methods.

    ``required_text``: if set, the rule runs only on files whose text contains one of these
    strings, a cheap gate that spares work on files the rule cannot concern.
    ``applies``: a second gate, asked of files that pass the first, over the CPython tree.
    ``project_tokens``: if set, the rule joins the per-file pass only when some Python file
    of the project contains one of these strings (the rule's modules, such as
    ``"pydantic"``). Set it only where every finding the rule can make is impossible
    without them: local knowledge needs the module imported in the file, and ``Condition``s
    resolve only through names of the project or of the modules named.
    """

    required_text: ClassVar[Sequence[str]] = ()
    project_tokens: ClassVar[Sequence[str]] = ()

    @classmethod
    def tokens_for(cls, context: RuleContext) -> Sequence[str]:
        """``project_tokens`` under these settings (an option can make a rule always run)."""
        return cls.project_tokens

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """Whether the rule could report in (or record a fact of) this file, told from ``ast``.

        It is asked only of files whose text passes ``required_text`` and that CPython can
        parse; a file it says no to is never parsed by libcst for this rule. It must never
        say no where the full pass would report or record something (when unsure, say yes):
        ``BACKLINT_VERIFY_GATES=1`` makes the engine check that on every file it reads.
        """
        return True

    def __init__(self, file: PythonFile, context: RuleContext) -> None:
        super().__init__()
        self.file = file
        self.context = context
        self.diagnostics: list[Diagnostic] = []
        # Kinds this rule decided locally (``SymbolFact(qualname, kinds=...)``).
        self.facts: list[SymbolFact] = []

    def report(
        self,
        node: cst.CSTNode,
        message: str | None = None,
        *,
        fix: Fix | None = None,
        help: str | None = None,
        requires: tuple[Condition, ...] = (),
    ) -> None:
        """Report at ``node``; ``requires`` lists facts the project pass must confirm."""
        diagnostic = self.diagnostic(
            self.file.path, self.file.span(node), message, fix=fix, help=help
        )
        if requires:
            diagnostic = replace(diagnostic, requires=requires)
        self.diagnostics.append(diagnostic)

    def replacement(self, node: cst.CSTNode, new: cst.CSTNode | str) -> Edit:
        """An edit that replaces ``node``'s text with ``new`` (a node or source text)."""
        span = self.file.span(node)
        content = new if isinstance(new, str) else self.file.code_for(new)
        return Edit(span.start, span.end, content)
