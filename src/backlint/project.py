"""What the project pass sees: the facts of every file, never their sources."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from backlint.diagnostics import Diagnostic
from backlint.discovery import FileKind
from backlint.facts import ImportFact, SymbolFact
from backlint.manifests import Manifest
from backlint.sources.symbols import KindResolver
from backlint.suppress import FileSuppressions

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FileResult:
    """The per-file pass's output for one file: its diagnostics and its facts."""

    path: str
    kind: FileKind
    diagnostics: tuple[Diagnostic, ...] = ()
    imports: tuple[ImportFact, ...] = ()
    manifest: Manifest | None = None
    suppressions: FileSuppressions = field(default_factory=FileSuppressions)
    readable: bool = True
    symbols: tuple[SymbolFact, ...] = ()
    module: str = ""
    facts: tuple[object, ...] = ()


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    """Every file's facts, keyed by absolute path, the project root, and the kinds of names
    resolved across modules (``kinds.kinds("app.models.User")``)."""

    root: str
    files: Mapping[str, FileResult]
    kinds: KindResolver = field(default_factory=lambda: KindResolver((), {}))
    # Paths of files discovery listed without reading them (`.env`, lock files,
    # `alembic.ini`); `None` when nothing was walked (an editor buffer on its own).
    other_files: tuple[str, ...] | None = None

    def python_files(self) -> Iterator[FileResult]:
        return (f for f in self.files.values() if f.kind is FileKind.PYTHON)

    def facts(self, kind: type[T]) -> Iterator[tuple[FileResult, T]]:
        """Every fact of one type gathered by the families' collectors, with its file."""
        for result in self.files.values():
            for fact in result.facts:
                if isinstance(fact, kind):
                    yield result, fact

    def manifests(self) -> Iterator[Manifest]:
        return (f.manifest for f in self.files.values() if f.manifest is not None)
