"""The value types every part of backlint exchanges: positions, edits, fixes, diagnostics.

Positions are 1-based rows and 1-based columns counted in characters (code points), as ruff
prints them. Edits are plain text replacements so that one mechanism serves Python files,
requirements files, pyproject.toml, the command line and the editor server alike.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A place in a text: 1-based row, 1-based column in characters."""

    row: int
    column: int


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text from ``start`` (inclusive) to ``end`` (exclusive) with ``content``.

    ``path`` names the file the edit applies to when it is not the diagnostic's own file
    (a fix at an import that declares the dependency in a manifest).
    """

    start: Position
    end: Position
    content: str
    path: str | None = None

    @classmethod
    def insertion(cls, at: Position, content: str) -> Edit:
        return cls(at, at, content)

    @classmethod
    def deletion(cls, start: Position, end: Position) -> Edit:
        return cls(start, end, "")


class Applicability(str, enum.Enum):
    """Whether a fix may be applied without review."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Fix:
    """A set of edits applied together or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability
    message: str

    @classmethod
    def safe(cls, message: str, edits: Sequence[Edit]) -> Fix:
        return cls(tuple(edits), Applicability.SAFE, message)

    @classmethod
    def unsafe(cls, message: str, edits: Sequence[Edit]) -> Fix:
        return cls(tuple(edits), Applicability.UNSAFE, message)

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Condition:
    """A fact the project pass must confirm for a diagnostic to stand.

    ``qualname`` (``app.models.User``) must have (``present``) or lack ``kind``
    (``"pydantic:model"``), as resolved across modules from the symbols of every file.
    """

    qualname: str
    kind: str
    present: bool = True


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: which rule, where, what, and optionally how to fix it."""

    code: str
    name: str
    message: str
    path: str
    start: Position
    end: Position
    fix: Fix | None = None
    severity: Severity = Severity.ERROR
    help: str | None = field(default=None, compare=False)
    requires: tuple[Condition, ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start.row, self.start.column, self.code)
