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
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from backlint.cache import ResultCache
from backlint.diagnostics import Diagnostic, Edit
from backlint.discovery import FileKind, SourceFile
from backlint.engine import Memo, Reader, RunResult, decode_manifest, read_file, run
from backlint.registry import RuleSet
from backlint.rule import RuleContext
from backlint.sources.manifest_files import parse_manifest
from backlint.sources.python import SourceProblem, decode_python, parse_python
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
        return len(parse_manifest(kind, path, after).problems) <= len(
            parse_manifest(kind, path, before).problems
        )
    except SourceProblem:
        return False


def _overlaps(edits: list[Edit], taken: list[tuple[int, int]], index: LineIndex) -> bool:
    for edit in edits:
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
    cache: ResultCache | None = None,
    jobs: int = 1,
    only: Collection[str] | None = None,
) -> FixOutcome:
    """Apply every applicable fix in memory, round after round, until nothing changes.

    With ``only``, just the fixes of diagnostics in those files whose edits stay in them.
    """
    outcome = FixOutcome(result=RunResult([], {}))
    encodings: dict[str, str] = {}

    def overlay_read(path: str) -> bytes:
        if path in outcome.fixed:
            return outcome.fixed[path]
        data = read(path)
        outcome.originals.setdefault(path, data)
        return data

    def text_of(path: str) -> tuple[FileKind, str, str]:
        kind = outcome.result.files[path].kind
        text, encoding = _decode(kind, overlay_read(path))
        encodings.setdefault(path, encoding)
        return kind, text, encodings[path]

    rejected: set[tuple[str, str, int, int, str]] = set()
    memo: Memo = {}
    for _ in range(MAX_ROUNDS):
        result = run(
            files,
            rules=rules,
            context=context,
            root=root,
            per_file_ignores=per_file_ignores,
            read=overlay_read,
            memo=memo,
            cache=cache,
            jobs=jobs,
        )
        outcome.result = result
        candidates = [
            d
            for d in result.diagnostics
            if d.fix is not None and (d.fix.is_safe or unsafe) and _fix_key(d) not in rejected
            if only is None or all(path in only for path in (d.path, *_edits_by_path(d)))
        ]
        if not candidates:
            break
        changed, applied = _apply_round(
            candidates, result.files.keys(), text_of, rejected, outcome
        )
        for path, text in changed.items():
            outcome.fixed[path] = text.encode(encodings[path])  # checked encodable
        outcome.fixed_count += applied
        if not changed:
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
            cache=cache,
            jobs=jobs,
        )
    return outcome


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _edits_by_path(diagnostic: Diagnostic) -> dict[str, list[Edit]]:
    assert diagnostic.fix is not None
    grouped: dict[str, list[Edit]] = defaultdict(list)
    for edit in diagnostic.fix.edits:
        grouped[edit.path or diagnostic.path].append(edit)
    return grouped


def _apply_round(
    candidates: list[Diagnostic],
    known: Collection[str],
    text_of: Callable[[str], tuple[FileKind, str, str]],
    rejected: set[tuple[str, str, int, int, str]],
    outcome: FixOutcome,
) -> tuple[dict[str, str], int]:
    """Apply one round of non-overlapping fixes; return the changed texts and the count.

    A fix may edit several files (a diagnostic at an import whose fix declares the
    dependency in a manifest); it is applied whole or not at all.
    """
    texts: dict[str, tuple[FileKind, str, LineIndex, str]] = {}

    def load(path: str) -> tuple[FileKind, str, LineIndex, str]:
        if path not in texts:
            kind, text, encoding = text_of(path)
            texts[path] = (kind, text, LineIndex(text), encoding)
        return texts[path]

    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    chosen: list[tuple[Diagnostic, dict[str, list[Edit]]]] = []
    for diagnostic in sorted(candidates, key=lambda d: d.sort_key):
        grouped = _edits_by_path(diagnostic)
        if any(path not in known for path in grouped):
            _reject(diagnostic, "it edits a file outside the project", rejected, outcome)
            continue
        if any(_overlaps(edits, taken[p], load(p)[2]) for p, edits in grouped.items()):
            continue
        chosen.append((diagnostic, grouped))
        for path, edits in grouped.items():
            index = load(path)[2]
            taken[path].extend((index.offset(e.start), index.offset(e.end)) for e in edits)

    def apply(selection: list[dict[str, list[Edit]]], base: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        paths = {p for grouped in selection for p in grouped}
        for path in paths:
            edits = [e for grouped in selection for e in grouped.get(path, [])]
            out[path] = apply_edits(base[path], edits)
        return out

    def problem(new: dict[str, str], base: dict[str, str]) -> str | None:
        """Why these texts cannot be written, or ``None`` when they can."""
        for path, text in new.items():
            kind, _, _, encoding = load(path)
            if not _encodable(text, encoding):
                return f"the result would not fit the file's encoding ({encoding})"
            if not still_valid(kind, path, base[path], text):
                return "the result would not parse"
        return None

    originals = {path: load(path)[1] for path in taken}
    together = apply([grouped for _, grouped in chosen], originals)
    if problem(together, originals) is None:
        return {p: t for p, t in together.items() if t != originals[p]}, len(chosen)
    # Together they break a file: keep the first fix that is valid on its own; the next
    # round re-checks the rest against fresh positions.
    for diagnostic, grouped in chosen:
        alone = apply([grouped], originals)
        reason = problem(alone, originals)
        if reason is None:
            return {p: t for p, t in alone.items() if t != originals[p]}, 1
        _reject(diagnostic, reason, rejected, outcome)
    return {}, 0


def _reject(
    diagnostic: Diagnostic,
    reason: str,
    rejected: set[tuple[str, str, int, int, str]],
    outcome: FixOutcome,
) -> None:
    rejected.add(_fix_key(diagnostic))
    outcome.rejected.append(
        f"{diagnostic.path}:{diagnostic.start.row}:{diagnostic.start.column}: fix for "
        f"{diagnostic.code} not applied: {reason}"
    )


def unified_diff(path: str, before: bytes, after: bytes, label: str) -> str:
    """A unified diff of one file's change, for ``--diff``."""
    old = before.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = after.decode("utf-8", errors="replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(old, new, fromfile=label, tofile=label))
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)


class WriteError(Exception):
    """A fixed file could not be written; the message names the file and why."""


def write_atomically(path: str, data: bytes, expected: bytes) -> None:
    """Replace ``path`` with ``data`` unless it changed since it was read as ``expected``.

    A symbolic link is followed: its target is replaced and the link kept.
    """
    path = os.path.realpath(path)
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
