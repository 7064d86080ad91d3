"""Applying fixes: choose non-overlapping fixes, re-check, repeat until stable; write safely.

Fixes are applied to in-memory copies of the files; the project is checked again after each
round so that fixes never act on stale positions. A round's result must still parse (Python)
or read back (manifests), otherwise the offending fix is dropped. Nothing touches the disk
until :func:`write_changes`, which replaces each file atomically and refuses to overwrite a
file that changed since it was read.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from backlint.diagnostics import Diagnostic, Fix
from backlint.discovery import FileKind, SourceFile
from backlint.engine import Reader, RunResult, decode_manifest, read_file, run
from backlint.project import FileResult
from backlint.registry import RuleSet
from backlint.rule import RuleContext
from backlint.sources.pyproject import TomlSyntaxError, parse_pyproject
from backlint.sources.python import SourceProblem, decode_python, parse_python
from backlint.sources.requirements import parse_requirements
from backlint.text import LineIndex, apply_edits

MAX_ROUNDS = 10


@dataclass
class FixOutcome:
    """The final check after fixing, and what changed (nothing is written yet)."""

    result: RunResult
    originals: dict[str, bytes] = field(default_factory=dict)
    fixed: dict[str, bytes] = field(default_factory=dict)
    fixed_count: int = 0
    rejected: list[str] = field(default_factory=list)

    def changed_paths(self) -> list[str]:
        return sorted(p for p, data in self.fixed.items() if data != self.originals[p])


def _decode(kind: FileKind, data: bytes) -> tuple[str, str]:
    if kind is FileKind.PYTHON:
        return decode_python(data)
    return decode_manifest(data), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"


def still_valid(kind: FileKind, path: str, before: str, after: str) -> bool:
    """Whether fixed text still reads as well as the text before the fix."""
    try:
        if kind is FileKind.PYTHON:
            parse_python(after)
            return True
        if kind is FileKind.PYPROJECT:
            return len(parse_pyproject(path, after).problems) <= len(
                parse_pyproject(path, before).problems
            )
        return len(parse_requirements(path, after).problems) <= len(
            parse_requirements(path, before).problems
        )
    except (SourceProblem, TomlSyntaxError):
        return False


def _overlaps(fix: Fix, taken: list[tuple[int, int]], index: LineIndex) -> bool:
    for edit in fix.edits:
        start, end = index.offset(edit.start), index.offset(edit.end)
        for other_start, other_end in taken:
            if start < other_end and other_start < end:
                return True
            if start == end == other_start or start == end == other_end:
                return True
            if other_start == other_end and start <= other_start < end:
                return True
    return False


def _fix_key(diagnostic: Diagnostic) -> tuple[str, str, int, int, str]:
    return (
        diagnostic.path,
        diagnostic.code,
        diagnostic.start.row,
        diagnostic.start.column,
        diagnostic.message,
    )


def fix_files(
    files: Sequence[SourceFile],
    *,
    rules: RuleSet,
    context: RuleContext,
    root: str,
    per_file_ignores: dict[str, list[str]] | None = None,
    unsafe: bool = False,
    read: Reader = read_file,
) -> FixOutcome:
    """Apply every applicable fix in memory, round after round, until nothing changes."""
    outcome = FixOutcome(result=RunResult([], {}))
    encodings: dict[str, str] = {}

    def overlay_read(path: str) -> bytes:
        if path in outcome.fixed:
            return outcome.fixed[path]
        data = read(path)
        outcome.originals.setdefault(path, data)
        return data

    rejected: set[tuple[str, str, int, int, str]] = set()
    memo: dict[tuple[str, FileKind, bytes], FileResult] = {}
    for _ in range(MAX_ROUNDS):
        result = run(
            files,
            rules=rules,
            context=context,
            root=root,
            per_file_ignores=per_file_ignores,
            read=overlay_read,
            memo=memo,
        )
        outcome.result = result
        candidates: dict[str, list[Diagnostic]] = defaultdict(list)
        for diagnostic in result.diagnostics:
            if diagnostic.fix is None or not (diagnostic.fix.is_safe or unsafe):
                continue
            if _fix_key(diagnostic) in rejected:
                continue
            candidates[diagnostic.path].append(diagnostic)
        if not candidates:
            break
        progressed = False
        for path, diagnostics in candidates.items():
            kind = result.files[path].kind
            data = overlay_read(path)
            text, encoding = _decode(kind, data)
            encodings.setdefault(path, encoding)
            new_text, applied = _apply_round(kind, path, text, diagnostics, rejected, outcome)
            if applied and new_text != text:
                outcome.fixed[path] = new_text.encode(encodings[path])
                outcome.fixed_count += applied
                progressed = True
        if not progressed:
            break
    else:
        outcome.result = run(
            files,
            rules=rules,
            context=context,
            root=root,
            per_file_ignores=per_file_ignores,
            read=overlay_read,
            memo=memo,
        )
    return outcome


def _apply_round(
    kind: FileKind,
    path: str,
    text: str,
    diagnostics: list[Diagnostic],
    rejected: set[tuple[str, str, int, int, str]],
    outcome: FixOutcome,
) -> tuple[str, int]:
    index = LineIndex(text)
    taken: list[tuple[int, int]] = []
    chosen: list[Diagnostic] = []
    for diagnostic in sorted(diagnostics, key=lambda d: d.sort_key):
        assert diagnostic.fix is not None
        if _overlaps(diagnostic.fix, taken, index):
            continue
        chosen.append(diagnostic)
        taken.extend((index.offset(e.start), index.offset(e.end)) for e in diagnostic.fix.edits)
    new_text = apply_edits(text, [e for d in chosen for e in d.fix.edits], index)  # type: ignore[union-attr]
    if still_valid(kind, path, text, new_text):
        return new_text, len(chosen)
    # Together they break the file: keep only the fixes that are valid one at a time.
    current, applied = text, 0
    for diagnostic in chosen:
        assert diagnostic.fix is not None
        candidate = apply_edits(current, diagnostic.fix.edits)
        if still_valid(kind, path, current, candidate):
            current, applied = candidate, applied + 1
            break  # positions after this edit are stale: the next round re-checks
        rejected.add(_fix_key(diagnostic))
        outcome.rejected.append(
            f"{path}:{diagnostic.start.row}:{diagnostic.start.column}: fix for "
            f"{diagnostic.code} not applied: the result would not parse"
        )
    return current, applied


def unified_diff(path: str, before: bytes, after: bytes, label: str) -> str:
    """A unified diff of one file's change, for ``--diff``."""
    old = before.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = after.decode("utf-8", errors="replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(old, new, fromfile=label, tofile=label))
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)


class WriteError(Exception):
    """A fixed file could not be written; the message names the file and why."""


def write_atomically(path: str, data: bytes, expected: bytes) -> None:
    """Replace ``path`` with ``data`` unless it changed since it was read as ``expected``."""
    try:
        current = read_file(path)
    except OSError as error:
        raise WriteError(f"{path}: not fixed: cannot be read: {error.strerror}") from None
    if current != expected:
        raise WriteError(f"{path}: not fixed: the file changed on disk while it was checked")
    if not os.access(path, os.W_OK):
        raise WriteError(f"{path}: not fixed: the file is read-only")
    mode = os.stat(path).st_mode & 0o7777
    directory = os.path.dirname(path) or "."
    try:
        handle, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".backlint"
        )
    except OSError as error:
        raise WriteError(
            f"{path}: not fixed: cannot write in its directory: {error.strerror}"
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(f"{path}: not fixed: {error.strerror}") from None


def write_changes(outcome: FixOutcome) -> list[str]:
    """Write every changed file; return one message per file that could not be written."""
    problems: list[str] = []
    for path in outcome.changed_paths():
        try:
            write_atomically(path, outcome.fixed[path], outcome.originals[path])
        except WriteError as error:
            problems.append(str(error))
    return problems
