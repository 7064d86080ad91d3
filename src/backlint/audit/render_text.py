"""The audit in the terminal, with rich: scorecards, files, facts, and the fix commands."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from backlint.audit.model import AuditReport, ProjectAudit, Score
from backlint.audit.sentences import (
    disabled_line,
    edge_label,
    findings_line,
    plural,
    score_line,
)

BAR_WIDTH = 6
# Narrower terminals get the rule documents' titles below the scorecard, not in it.
WIDE = 110


def _colour(percent: int) -> str:
    return "green" if percent == 100 else "yellow" if percent >= 60 else "red"


def _bar(score: Score) -> Text:
    filled = score.percent * BAR_WIDTH // 100
    text = Text("█" * filled, style=_colour(score.percent))
    text.append("░" * (BAR_WIDTH - filled), style="dim")
    text.append(f" {score.percent:>3}%")
    return text


def _table(title: str) -> Table:
    """A table headed ``title``; columns ``Safe`` and ``Unsafe`` count the diagnostics with a
    safe and with an unsafe fix."""
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )


def _scorecard(
    title: str, key: str, scores: Sequence[Score], total: Score, described: str | None
) -> Table:
    """Numbers first, so that a narrow terminal folds only the last column's words."""
    table = _table(title)
    table.add_column(key, no_wrap=True)
    table.add_column("Score", no_wrap=True)
    for column in ("Rules", "Satisfied", "Violated", "Diagnostics", "Safe", "Unsafe"):
        table.add_column(column, justify="right")
    if described is not None:
        table.add_column(described, overflow="fold", ratio=1, min_width=12)
    for score in (*scores, total):
        is_total = score is total
        row: list[RenderableType] = [
            "All" if is_total else (score.key or "—"),
            _bar(score),
            str(score.checked),
            str(score.satisfied),
            str(score.violated),
            str(score.diagnostics),
            str(score.safe_fixes),
            str(score.unsafe_fixes),
        ]
        if described is not None:
            row.append("every rule" if is_total else score.title)
        table.add_row(
            *row,
            style="bold" if is_total else None,
            end_section=bool(scores) and score is scores[-1],
        )
    return table


def _violated(report: AuditReport) -> Table:
    table = _table("Rules violated")
    table.add_column("Code", no_wrap=True)
    for column in ("Diagnostics", "Safe", "Unsafe"):
        table.add_column(column, justify="right")
    table.add_column("Seed")
    table.add_column("Name", overflow="fold", ratio=1)
    for r in report.rules:
        if r.violated:
            table.add_row(
                r.code,
                str(r.diagnostics),
                str(r.safe_fixes),
                str(r.unsafe_fixes),
                r.seed or "—",
                r.name,
            )
    return table


def _files(report: AuditReport) -> Table:
    title = "Files with the most findings"
    if report.files_with_findings > len(report.files):
        title += f" (the first {len(report.files)} of {report.files_with_findings})"
    table = _table(title)
    for column in ("Diagnostics", "Safe", "Unsafe"):
        table.add_column(column, justify="right")
    table.add_column("File", overflow="fold", ratio=1)
    for f in report.files:
        table.add_row(
            str(f.diagnostics),
            str(f.safe_fixes),
            str(f.unsafe_fixes),
            Text.assemble(f.path, (f"  {', '.join(f.codes)}", "dim")),
        )
    return table


def _project(project: ProjectAudit, many: bool) -> RenderableType:
    lines: list[RenderableType] = []
    heading = f"Facts inferred about {project.root}" if many else "Facts inferred"
    lines.append(
        Text.assemble(
            (heading, "bold"),
            f" ({plural(project.files, 'file')}, {project.python_files} Python)",
        )
    )
    for section in project.facts:
        lines.append(Text(f"  {section.family}", style="bold cyan"))
        for fact in section.facts:
            lines.append(Text.assemble("    ", (fact.label, "bold"), f": {fact.value}"))
            lines.extend(Text(f"      {item}") for item in fact.items)
    graph = project.graph
    offending = [e for e in graph.edges if e.offending] if graph is not None else []
    if graph is not None and offending:
        lines.append(Text("  offending imports between packages", style="bold cyan"))
        for edge in offending:
            source, target = graph.node(edge.source).name, graph.node(edge.target).name
            lines.append(
                Text.assemble("    ", (f"{source} → {target}", "red"), f" ({edge_label(edge)})")
            )
    return Group(*lines)


def print_text(report: AuditReport, console: Console) -> None:
    """Print the report on ``console`` (its errors are for standard error, not here)."""
    total = report.total
    console.print(
        Text.assemble(
            ("backlint audit", "bold"),
            f" of {' '.join(report.paths)}: ",
            (score_line(report), f"bold {_colour(total.percent)}"),
        )
    )
    findings = findings_line(report)
    console.print(Text(f"{findings[:1].upper()}{findings[1:]}."))
    console.print()
    wide = console.width >= WIDE
    described = "Rule document" if wide else None
    console.print(_scorecard("Scorecard by rule document", "Seed", report.seeds, total, described))
    if not wide:
        for score in report.seeds:
            console.print(Text(f" {score.key or '—':>4}  {score.title}", style="dim"))
    console.print()
    console.print(_scorecard("Scorecard by family", "Family", report.families, total, None))
    disabled = disabled_line(report)
    if disabled:
        console.print(Text(disabled, style="dim"))
    if any(r.violated for r in report.rules):
        console.print()
        console.print(_violated(report))
    if report.files:
        console.print()
        console.print(_files(report))
    for project in report.projects:
        console.print()
        console.print(_project(project, len(report.projects) > 1))
    console.print()
    if report.fixes:
        console.print(Text("How to fix", style="bold"))
        for command in report.fixes:
            fixes = plural(command.fixes, "fix", "fixes")
            console.print(Text(f"  # {command.description} ({fixes})", style="dim"))
            console.print(Text(f"  {command.command}", style="bold"), soft_wrap=True)
    else:
        console.print("Nothing to fix automatically.")
    console.print(Text("Safe, Unsafe: diagnostics with a safe fix, with an unsafe fix.", "dim"))
    console.print(
        Text("The same report for sharing: backlint audit --format markdown|html|json", "dim")
    )
