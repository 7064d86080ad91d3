"""What the CI formats share: paths relative to a base directory, and stable fingerprints.

A fingerprint identifies a finding across runs so that code-scanning services recognise it as
the same alert (and not a new one) after unrelated edits. It hashes the rule code, the path
relative to the base directory, the stripped text of the flagged lines and the finding's
occurrence index among findings with the same three values. It does not depend on line
numbers, so inserting or removing lines above a finding leaves it unchanged, and it does not
depend on the message, which may mention positions.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence

from backlint.diagnostics import Diagnostic

SourceLines = Callable[[str], Sequence[str] | None]


def relative_posix(path: str, base: str) -> str | None:
    """``path`` relative to ``base`` with ``/`` separators, or ``None`` if it lies outside."""
    try:
        relative = os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


def shown_path(path: str, base: str) -> str:
    """The path relative to ``base`` when inside it, else absolute (``/`` separators)."""
    relative = relative_posix(path, base)
    return relative if relative is not None else os.path.abspath(path).replace(os.sep, "/")


def flagged_text(diagnostic: Diagnostic, lines: Sequence[str] | None) -> str:
    """The stripped text of the lines a diagnostic covers, joined by newlines."""
    if not lines:
        return ""
    first = diagnostic.start.row
    last = max(diagnostic.end.row, first)
    if last > first and diagnostic.end.column == 1:
        last -= 1  # the span stops at the start of that line
    return "\n".join(lines[row - 1].strip() for row in range(first, last + 1) if row <= len(lines))


def fingerprints(
    diagnostics: Sequence[Diagnostic], base: str, source_lines: SourceLines
) -> list[str]:
    """One fingerprint per diagnostic, in the order given, unique within the list."""
    cache: dict[str, Sequence[str] | None] = {}

    def lines_of(path: str) -> Sequence[str] | None:
        if path not in cache:
            cache[path] = source_lines(path)
        return cache[path]

    seen: dict[tuple[str, str, str], int] = {}
    out: list[str] = [""] * len(diagnostics)
    order = sorted(range(len(diagnostics)), key=lambda i: diagnostics[i].sort_key)
    for i in order:
        d = diagnostics[i]
        key = (d.code, shown_path(d.path, base), flagged_text(d, lines_of(d.path)))
        index = seen.get(key, 0)
        seen[key] = index + 1
        digest = hashlib.blake2b(digest_size=16)
        for part in (*key, str(index)):
            digest.update(part.encode("utf-8", errors="surrogatepass"))
            digest.update(b"\0")
        out[i] = digest.hexdigest()
    return out
