"""GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request.

``::error title=backlint (BK101),file=requirements.txt,line=3,col=1,endLine=3,endColumn=13::
requirements.txt:3:1: BK101 message`` (one line). Message data escapes ``%``, CR and LF;
property values also escape ``:`` and ``,`` (as ``@actions/core`` does). Columns are left out
when a range spans several lines, which GitHub does not display.
"""

from __future__ import annotations

from collections.abc import Sequence

from backlint.diagnostics import Diagnostic, Severity
from backlint.reporters.common import shown_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic, cwd: str) -> str:
    path = shown_path(diagnostic.path, cwd)
    start, end = diagnostic.start, diagnostic.end
    properties = [
        ("title", f"backlint ({diagnostic.code})"),
        ("file", path),
        ("line", str(start.row)),
    ]
    if end.row <= start.row:
        properties.append(("col", str(start.column)))
    properties.append(("endLine", str(max(end.row, start.row))))
    if end.row <= start.row:
        properties.append(("endColumn", str(max(end.column, start.column))))
    message = f"{path}:{start.row}:{start.column}: {diagnostic.code} {diagnostic.message}"
    help_text = diagnostic.fix.message if diagnostic.fix is not None else diagnostic.help
    if help_text:
        message += f"\n  help: {help_text}"
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[diagnostic.severity]} {rendered}::{escape_data(message)}"


def render_github(diagnostics: Sequence[Diagnostic], cwd: str) -> str:
    return "".join(annotation(d, cwd) + "\n" for d in diagnostics)
