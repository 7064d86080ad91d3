"""Suppression comments: ``# noqa``, ``# noqa: BK101, BK102`` and file-level ``# backlint: noqa``.

The per-file pass reads the comments (:func:`python_suppressions`,
:func:`requirements_suppressions`); after the project pass :func:`apply_suppressions` drops
suppressed diagnostics and reports unused or unknown codes of ours as BK001.
Codes that are not backlint's (``E501``, ``F401``) belong to other tools and are left alone,
and so is a bare ``# noqa``.
"""

from __future__ import annotations

import fnmatch
import io
import os
import re
import tokenize
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from backlint.diagnostics import Diagnostic, Edit, Fix, Position
from backlint.manifests import Span
from backlint.selectors import matches
from backlint.text import LineIndex

_CODES = r"[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*"
LINE_NOQA = re.compile(rf"#\s*(?i:noqa)(?::\s?(?P<codes>{_CODES}))?")
FILE_NOQA = re.compile(rf"#\s*backlint:\s*(?i:noqa)(?::\s?(?P<codes>{_CODES}))?")
CODE = re.compile(r"[A-Z]+[0-9]+")
OUR_CODE = re.compile(r"^BK[0-9]{3}$")


@dataclass(frozen=True, slots=True)
class NoqaCode:
    code: str
    span: Span


@dataclass(frozen=True, slots=True)
class Suppression:
    """One line-level ``# noqa`` directive.

    ``first_row``..``last_row`` are the rows it covers (a requirements line joined with ``\\``
    spans several). ``codes`` is ``None`` for a blanket ``# noqa``. ``codes_span`` covers the
    ``: CODE, CODE`` part; ``removal_span`` is what to delete to remove the directive whole.
    """

    first_row: int
    last_row: int
    codes: tuple[NoqaCode, ...] | None
    codes_span: Span | None
    removal_span: Span
    removal_text: str


@dataclass(frozen=True, slots=True)
class FileSuppressions:
    lines: tuple[Suppression, ...] = ()
    file_blanket: bool = False
    file_codes: tuple[str, ...] = ()


def _directive(
    comment: str, row: int, column: int, comment_start: int, line: str
) -> Iterator[tuple[str, Suppression | None, re.Match[str]]]:
    """Yield ("file"|"line", suppression, match) for directives inside one comment."""
    for match in FILE_NOQA.finditer(comment):
        yield "file", None, match
    file_spans = [m.span() for m in FILE_NOQA.finditer(comment)]
    for match in LINE_NOQA.finditer(comment):
        if any(start <= match.start() < end for start, end in file_spans):
            continue
        codes: tuple[NoqaCode, ...] | None = None
        codes_span: Span | None = None
        if match.group("codes"):
            base = column + match.start("codes")
            codes = tuple(
                NoqaCode(
                    m.group(),
                    Span(Position(row, base + m.start()), Position(row, base + m.end())),
                )
                for m in CODE.finditer(match.group("codes"))
            )
            # From just after "noqa" to the end of the last code.
            after_noqa = column + match.group().lower().index("noqa") + 4
            codes_span = Span(Position(row, after_noqa), Position(row, column + match.end()))
        rest = comment[match.end() :]
        if match.start() == 0 and not rest.strip():
            # The whole comment is the directive: take the blank before it too.
            stripped = line[:comment_start].rstrip(" \t")
            start_col = len(stripped) + 1 if stripped else comment_start + 1
            removal = Span(Position(row, start_col), Position(row, column + match.end()))
            replacement = ""
        elif match.start() == 0:
            removal = Span(Position(row, column), Position(row, column + match.end()))
            replacement = "#"
        else:
            before = comment[: match.start()].rstrip(" \t")
            removal = Span(
                Position(row, column + len(before)), Position(row, column + match.end())
            )
            replacement = ""
        yield (
            "line",
            Suppression(row, row, codes, codes_span, removal, replacement),
            match,
        )


def _collect(
    comments: Iterable[tuple[int, int, str, str]], first_rows: Mapping[int, int] | None = None
) -> FileSuppressions:
    lines: list[Suppression] = []
    file_blanket = False
    file_codes: list[str] = []
    for row, col0, comment, line in comments:
        for kind, suppression, match in _directive(comment, row, col0 + 1, col0, line):
            if kind == "file":
                if match.group("codes"):
                    file_codes.extend(CODE.findall(match.group("codes")))
                else:
                    file_blanket = True
            elif suppression is not None:
                first = first_rows.get(row, row) if first_rows else row
                lines.append(
                    Suppression(
                        first,
                        row,
                        suppression.codes,
                        suppression.codes_span,
                        suppression.removal_span,
                        suppression.removal_text,
                    )
                )
    return FileSuppressions(tuple(lines), file_blanket, tuple(file_codes))


def python_suppressions(text: str) -> FileSuppressions:
    """Directives in the comments of a Python file (found with the tokenizer, not in strings)."""
    if "noqa" not in text.lower():
        return FileSuppressions()
    index = LineIndex(text)
    comments: list[tuple[int, int, str, str]] = []
    try:
        # Universal newlines make the tokenizer's rows those of LineIndex (a lone CR ends a
        # line for Python too); columns are unaffected.
        for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            if token.type == tokenize.COMMENT:
                row, col = token.start
                comments.append((row, col, token.string, index.line_text(row)))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return _collect(comments)


def requirements_suppressions(text: str) -> FileSuppressions:
    """Directives in a requirements file; a ``# noqa`` covers its whole ``\\``-joined line."""
    if "noqa" not in text.lower():
        return FileSuppressions()
    index = LineIndex(text)
    comments: list[tuple[int, int, str, str]] = []
    first_rows: dict[int, int] = {}
    logical_start = 1
    previous_continues = False
    for row in range(1, index.line_count + 1):
        line = index.line_text(row)
        if not previous_continues:
            logical_start = row
        position = _comment_start(line)
        if position is not None:
            comments.append((row, position, line[position:], line))
            first_rows[row] = logical_start
            previous_continues = False
        else:
            previous_continues = line.endswith("\\") and not line.endswith("\\\\")
    return _collect(comments, first_rows)


def _comment_start(line: str) -> int | None:
    for index, char in enumerate(line):
        if char == "#" and (index == 0 or line[index - 1] in " \t"):
            return index
    return None


@dataclass(frozen=True, slots=True)
class SuppressionOutcome:
    kept: list[Diagnostic]
    suppressed: int


def _per_file_codes(
    path: str, root: str, per_file_ignores: Mapping[str, Sequence[str]]
) -> list[str]:
    relative = os.path.relpath(path, root).replace(os.sep, "/")
    base = os.path.basename(path)
    codes: list[str] = []
    for pattern, selectors in per_file_ignores.items():
        target = relative if "/" in pattern else base
        if fnmatch.fnmatchcase(target, pattern) or fnmatch.fnmatchcase(relative, pattern):
            codes.extend(selectors)
    return codes


def apply_suppressions(
    diagnostics: Sequence[Diagnostic],
    suppressions: Mapping[str, FileSuppressions],
    *,
    root: str,
    per_file_ignores: Mapping[str, Sequence[str]],
    known_codes: Iterable[str],
    enabled_codes: Iterable[str],
    unused_rule: type | None,
) -> SuppressionOutcome:
    """Drop suppressed diagnostics; report unused/unknown codes of ours (BK001) if enabled."""
    known = set(known_codes)
    enabled = set(enabled_codes)
    used: set[tuple[str, int, str]] = set()
    kept: list[Diagnostic] = []
    suppressed = 0
    ignore_cache: dict[str, list[str]] = {}
    for diagnostic in diagnostics:
        path = diagnostic.path
        if path not in ignore_cache:
            ignore_cache[path] = _per_file_codes(path, root, per_file_ignores)
        if any(matches(s, diagnostic.code) for s in ignore_cache[path]):
            suppressed += 1
            continue
        file = suppressions.get(path)
        if file is not None and _suppressed(diagnostic, file, used):
            suppressed += 1
            continue
        kept.append(diagnostic)

    if unused_rule is not None and unused_rule.code in enabled:
        for path, file in suppressions.items():
            if file.file_blanket or unused_rule.code in file.file_codes:
                continue
            if any(
                matches(s, unused_rule.code) for s in _per_file_codes(path, root, per_file_ignores)
            ):
                continue
            kept.extend(_unused(path, file, used, known, enabled, unused_rule))
    return SuppressionOutcome(kept, suppressed)


def _suppressed(
    diagnostic: Diagnostic, file: FileSuppressions, used: set[tuple[str, int, str]]
) -> bool:
    if file.file_blanket or diagnostic.code in file.file_codes:
        return True
    row = diagnostic.start.row
    for suppression in file.lines:
        if not suppression.first_row <= row <= suppression.last_row:
            continue
        if suppression.codes is None:
            return True
        for noqa in suppression.codes:
            if noqa.code == diagnostic.code:
                used.add((diagnostic.path, suppression.last_row, noqa.code))
                return True
    return False


def _unused(
    path: str,
    file: FileSuppressions,
    used: set[tuple[str, int, str]],
    known: set[str],
    enabled: set[str],
    rule: type,
) -> Iterator[Diagnostic]:
    for suppression in file.lines:
        if suppression.codes is None or suppression.codes_span is None:
            continue
        if any(c.code == rule.code for c in suppression.codes):
            # Naming the unused-suppression rule in a directive keeps it as it is.
            continue
        unknown = [c for c in suppression.codes if OUR_CODE.match(c.code) and c.code not in known]
        unused = [
            c
            for c in suppression.codes
            if c.code in known
            and c.code in enabled
            and (path, suppression.last_row, c.code) not in used
        ]
        if not unknown and not unused:
            continue
        dropped = {id(c) for c in unknown + unused}
        remaining = [c.code for c in suppression.codes if id(c) not in dropped]
        if remaining:
            edit = Edit(
                suppression.codes_span.start,
                suppression.codes_span.end,
                ": " + ", ".join(remaining),
            )
        else:
            edit = Edit(
                suppression.removal_span.start,
                suppression.removal_span.end,
                suppression.removal_text,
            )
        parts = []
        if unused:
            parts.append("unused: " + ", ".join(f"`{c.code}`" for c in unused))
        if unknown:
            parts.append("unknown: " + ", ".join(f"`{c.code}`" for c in unknown))
        first = (unused + unknown)[0]
        last = (unused + unknown)[-1]
        yield Diagnostic(
            code=rule.code,
            name=rule.name,
            message=f"Unused `noqa` directive ({'; '.join(parts)})",
            path=path,
            start=first.span.start,
            end=last.span.end,
            severity=rule.severity,
            fix=Fix.safe(
                "Remove unused `noqa` directive"
                if not remaining
                else "Remove the unused codes from the `noqa` directive",
                [edit],
            ),
        )
