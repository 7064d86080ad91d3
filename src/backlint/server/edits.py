"""Edits the editor server offers besides rule fixes: ``# noqa`` comments and whole-file diffs."""

from __future__ import annotations

import difflib
import io
import tokenize

from backlint.diagnostics import Edit, Position
from backlint.discovery import FileKind
from backlint.suppress import FileSuppressions
from backlint.text import LineIndex


def _rows_inside_tokens(text: str) -> set[int] | None:
    """Rows whose end lies inside a token (a multi-line string): no comment can go there.

    ``None`` when the text does not tokenize (it is being typed).
    """
    inside: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            if token.start[0] < token.end[0] and token.type not in (
                tokenize.NEWLINE,
                tokenize.NL,
            ):
                inside.update(range(token.start[0], token.end[0]))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    return inside


def _continues(line: str) -> bool:
    return line.endswith("\\") and not line.endswith("\\\\")


def disable_edit(
    kind: FileKind, text: str, suppressions: FileSuppressions, row: int, code: str
) -> Edit | None:
    """The edit that suppresses ``code`` reported at ``row``, or ``None`` if none can.

    A Python directive must sit on the diagnostic's own row; in a requirements file it sits
    on the last physical line of the ``\\``-joined line. An existing ``# noqa: CODES`` there is
    extended; otherwise ``  # noqa: CODE`` goes at the end of the line.
    """
    index = LineIndex(text)
    if row < 1 or row > index.line_count:
        return None
    target = row
    if kind is FileKind.PYTHON:
        if _continues(index.line_text(row)):
            return None
        inside = _rows_inside_tokens(text)
        if inside is not None and row in inside:
            return None
    elif kind is FileKind.REQUIREMENTS:
        while target < index.line_count and _continues(index.line_text(target)):
            target += 1
    for suppression in suppressions.lines:
        if suppression.last_row != target:
            continue
        if suppression.codes is None:
            return None  # a blanket directive already covers every code
        codes = [c.code for c in suppression.codes]
        if code in codes or suppression.codes_span is None:
            return None
        span = suppression.codes_span
        return Edit(span.start, span.end, ": " + ", ".join([*codes, code]))
    line = index.line_text(target)
    content = line.rstrip(" \t")
    comment = f"  # noqa: {code}" if content.strip() else f"# noqa: {code}"
    return Edit(Position(target, len(content) + 1), Position(target, len(line) + 1), comment)


def diff_edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """Replacements (start offset, end offset, text) turning ``old`` into ``new``, line-wise.

    Small edits keep the editor's cursor, folds and marks where they were, where replacing
    the whole text would not.
    """
    before = old.splitlines(keepends=True)
    after = new.splitlines(keepends=True)
    offsets = [0]
    for line in before:
        offsets.append(offsets[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        (offsets[i1], offsets[i2], "".join(after[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def exact_pattern(relative: str) -> str:
    """A ``per-file-ignores`` pattern matching the file at ``relative`` (``/``-separated) only.

    Glob characters are escaped. A pattern without a slash would be compared with the base
    name of every file, so for a file at the root the first character becomes a class that
    also admits ``/``, which a relative path never starts with.
    """

    def escape(char: str) -> str:
        return f"[{char}]" if char in "*?[" else char

    if "/" in relative or not relative:
        return "".join(escape(c) for c in relative)
    first = relative[0]
    head = "[]/]" if first == "]" else f"[/{first}]"
    return head + "".join(escape(c) for c in relative[1:])
