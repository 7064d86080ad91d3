"""Human-readable formats: ``full`` (source excerpt with carets), ``concise``, statistics."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence

from rich.markup import escape

from backlint.diagnostics import Diagnostic

SourceLines = Callable[[str], Sequence[str] | None]
MAX_EXCERPT_LINES = 5


def display_path(path: str, cwd: str) -> str:
    try:
        relative = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


def _marker(diagnostic: Diagnostic, show_unsafe: bool) -> str:
    fix = diagnostic.fix
    if fix is not None and (fix.is_safe or show_unsafe):
        return " [*]"
    return ""


def render_concise(diagnostics: Sequence[Diagnostic], cwd: str, show_unsafe: bool = False) -> str:
    """``path:row:col: CODE [*] message``, one per line (markup-escaped for rich)."""
    lines = []
    for d in diagnostics:
        location = f"{display_path(d.path, cwd)}:{d.start.row}:{d.start.column}:"
        lines.append(
            f"[bold]{escape(location)}[/bold] [bold red]{d.code}[/bold red]"
            f"{escape(_marker(d, show_unsafe))} {escape(d.message)}"
        )
    return "\n".join(lines)


def _excerpt(diagnostic: Diagnostic, lines: Sequence[str]) -> list[str]:
    first = diagnostic.start.row
    last = min(max(diagnostic.end.row, first), first + MAX_EXCERPT_LINES - 1, len(lines))
    if first > len(lines):
        return []
    width = len(str(last))
    gutter = " " * width
    out = [f"[blue]{gutter} |[/blue]"]
    for row in range(first, last + 1):
        text = lines[row - 1].rstrip("\r\n").expandtabs(1)
        out.append(f"[blue]{row:>{width}} |[/blue] {escape(text)}")
        if row == first:
            start = diagnostic.start.column - 1
            if diagnostic.end.row == first:
                length = max(diagnostic.end.column - diagnostic.start.column, 1)
            else:
                length = max(len(text) - start, 1)
            out.append(f"[blue]{gutter} |[/blue] {' ' * start}[bold red]{'^' * length}[/bold red]")
    out.append(f"[blue]{gutter} |[/blue]")
    return out


def render_full(
    diagnostics: Sequence[Diagnostic],
    cwd: str,
    source_lines: SourceLines,
    show_unsafe: bool = False,
) -> str:
    """Each diagnostic with its source excerpt, a caret line and the fix's help."""
    blocks = []
    for d in diagnostics:
        location = f"{display_path(d.path, cwd)}:{d.start.row}:{d.start.column}"
        block = [
            f"[bold red]{d.code}[/bold red]{escape(_marker(d, show_unsafe))} "
            f"[bold]{escape(d.message)}[/bold]",
            f"[blue] -->[/blue] {escape(location)}",
        ]
        lines = source_lines(d.path)
        if lines:
            block.extend(_excerpt(d, lines))
        help_text = d.fix.message if d.fix is not None else d.help
        if help_text:
            block.append(f"[bold cyan]help[/bold cyan]: {escape(help_text)}")
        blocks.append("\n".join(block))
    return "\n\n".join(blocks)


def render_statistics(diagnostics: Sequence[Diagnostic], show_unsafe: bool = False) -> str:
    """One line per code: count, code, fixable marker, rule name (ruff's ``--statistics``)."""
    counts = Counter(d.code for d in diagnostics)
    names = {d.code: d.name for d in diagnostics}
    fixable = {d.code for d in diagnostics if _marker(d, show_unsafe)}
    width = max((len(str(n)) for n in counts.values()), default=1)
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        marker = "[*]" if code in fixable else "   "
        rows.append(f"{count:>{width}}\t{code}\t{escape(marker)} {names[code]}")
    return "\n".join(rows)
