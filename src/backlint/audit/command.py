"""``backlint audit``: run the audit, show progress where it helps, write the report."""

from __future__ import annotations

import io
import sys

from rich.console import Console

from backlint.audit.collect import AuditRequest, audit
from backlint.audit.model import AuditReport
from backlint.audit.progress import ProgressBar, progress_wanted
from backlint.audit.render_html import render_html
from backlint.audit.render_json import render_json
from backlint.audit.render_markdown import render_markdown
from backlint.audit.render_text import print_text
from backlint.audit.sentences import score_line

FORMATS = ("text", "markdown", "html", "json")
EXIT_REPORTED, EXIT_ERROR = 0, 2
# The width of a text report written to a file.
FILE_WIDTH = 110


def render(report: AuditReport, output_format: str) -> str:
    """The report in one of the file formats (``markdown``, ``html``, ``json``) or as plain
    text without colours."""
    if output_format == "markdown":
        return render_markdown(report)
    if output_format == "html":
        return render_html(report)
    if output_format == "json":
        return render_json(report)
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=FILE_WIDTH, color_system=None, force_terminal=False, highlight=False
    )
    print_text(report, console)
    return buffer.getvalue()


def audit_command(request: AuditRequest, output_format: str, output: str | None = None) -> int:
    """Audit, then print the report or write it to ``output``.

    Exit status 0 once the report is out, whatever it found (``backlint check`` is the
    gate); 2 when a rule or a family failed, or the report cannot be written. Configuration
    and path errors are raised for the caller, as ``check`` raises them.
    """
    stdout = sys.stdout
    bar = ProgressBar(Console(file=stdout)) if progress_wanted(stdout, output_format) else None
    if bar is None:
        report = audit(request)
    else:
        with bar:
            report = audit(request, bar)
    if output is not None:
        try:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(render(report, output_format))
        except OSError as error:
            sys.stderr.write(
                f"backlint: error: cannot write {output}: {error.strerror or error}\n"
            )
            return EXIT_ERROR
        sys.stderr.write(f"Wrote the audit to {output}: {score_line(report)}.\n")
    elif output_format == "text":
        print_text(report, Console(file=stdout, highlight=False))
    else:
        stdout.write(render(report, output_format))
    for message in report.errors:
        sys.stderr.write(f"backlint: {message}\n")
    return EXIT_ERROR if report.errors else EXIT_REPORTED
