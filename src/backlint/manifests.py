"""The shape every dependency manifest is read into (requirements files, pyproject.toml).

Each requirement keeps the exact span it occupies in its file so that a fix edits that span and
nothing else.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from backlint.diagnostics import Position


class ManifestKind(str, enum.Enum):
    REQUIREMENTS = "requirements"
    PYPROJECT = "pyproject"
    SETUP_CFG = "setup.cfg"


@dataclass(frozen=True, slots=True)
class Span:
    start: Position
    end: Position


@dataclass(frozen=True, slots=True)
class Requirement:
    """One declared dependency.

    ``name`` is the distribution name as written (``None`` for a path or URL without
    ``#egg=``); ``name_span`` is where that name can be rewritten in place, or ``None`` when it
    cannot be edited as plain text (for example a TOML string with escapes). ``hashes`` holds
    the ``--hash`` values of a requirements-file line as written (``"sha256:..."``).
    """

    name: str | None
    canonical_name: str | None
    text: str
    span: Span
    name_span: Span | None
    specifier: str = ""
    extras: tuple[str, ...] = ()
    marker: str | None = None
    url: str | None = None
    editable: bool = False
    constraint: bool = False
    group: str | None = None
    line_span: Span | None = None
    hashes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Include:
    """A ``-r`` / ``-c`` line: another requirements file this one pulls in."""

    option: str
    target: str
    resolved: str | None
    constraint: bool
    span: Span
    exists: bool | None = None


@dataclass(frozen=True, slots=True)
class ManifestProblem:
    """Something the installer would reject, with where it is."""

    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class Manifest:
    """One parsed manifest.

    ``end`` is the position just past the text and ``newline`` the line ending the file uses,
    so that a fix can append a line in the file's own style.
    """

    path: str
    kind: ManifestKind
    requirements: tuple[Requirement, ...] = ()
    includes: tuple[Include, ...] = ()
    problems: tuple[ManifestProblem, ...] = ()
    end: Position | None = None
    newline: str = "\n"
    ends_with_newline: bool = True
