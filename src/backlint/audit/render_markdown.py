"""The audit as GitHub-flavoured Markdown, for a pull request or an issue.

Tables are GFM tables; each project's import graph is a Mermaid flowchart (GitHub draws
``mermaid`` code blocks), its offending edges thick and red.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from backlint.audit.model import AuditReport, FactSection, PackageGraph, ProjectAudit, Score
from backlint.audit.sentences import (
    disabled_line,
    drawn,
    edge_label,
    findings_line,
    groups,
    plural,
    score_line,
)

OFFENDING_STYLE = "stroke:#d1242f,stroke-width:3px,color:#d1242f"


def cell(text: object) -> str:
    """A table cell's text: pipes escaped, on one line."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def code(text: str) -> str:
    """Inline code that survives backticks in ``text``."""
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def table(header: Sequence[str], rows: Iterable[Sequence[object]], numeric_from: int) -> list[str]:
    """A GFM table; columns from ``numeric_from`` on are numbers, aligned right."""
    align = ["---" if i < numeric_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "|".join(align) + "|"]
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in rows)
    return lines


SCORE_HEADER = (
    "Score",
    "Rules checked",
    "Satisfied",
    "Violated",
    "Diagnostics",
    "Safe fixes",
    "Unsafe fixes",
)


def _numbers(score: Score) -> list[object]:
    return [
        f"{score.percent}%",
        score.checked,
        score.satisfied,
        score.violated,
        score.diagnostics,
        score.safe_fixes,
        score.unsafe_fixes,
    ]


def _scorecard(key: str, title: str, scores: Sequence[Score], total: Score) -> list[str]:
    rows: list[list[object]] = [[s.key or "—", s.title, *_numbers(s)] for s in scores]
    rows.append(["**All**", "**every rule**", *(f"**{n}**" for n in _numbers(total))])
    return table((key, title, *SCORE_HEADER), rows, 2)


def mermaid(graph: PackageGraph) -> list[str]:
    """A Mermaid flowchart of the package graph, one subgraph per group, top to bottom."""
    lines = ["flowchart TD"]
    for index, (title, nodes) in enumerate(groups(graph)):
        lines.append(f'    subgraph g{index}["{_label(title)}"]')
        lines.extend(f'        {node.id}["{_label(node.name)}"]' for node in nodes)
        lines.append("    end")
    offending: list[int] = []
    for number, edge in enumerate(graph.edges):
        arrow = "==>" if edge.offending else "-->"
        lines.append(f'    {edge.source} {arrow}|"{_label(edge_label(edge))}"| {edge.target}')
        if edge.offending:
            offending.append(number)
    if offending:
        lines.append(f"    linkStyle {','.join(map(str, offending))} {OFFENDING_STYLE}")
    return lines


def _label(text: str) -> str:
    return text.replace('"', "#quot;")


def _facts(section: FactSection) -> list[str]:
    lines = [f"**{section.family}**", ""]
    for fact in section.facts:
        lines.append(f"- **{fact.label}**: {fact.value}")
        lines.extend(f"  - {item}" for item in fact.items)
    lines.append("")
    return lines


def _project(project: ProjectAudit, many: bool) -> list[str]:
    lines: list[str] = []
    if many:
        lines += [f"### {code(project.root)}", ""]
    lines.append(
        f"{plural(project.files, 'file')} checked, {project.python_files} of them Python "
        f"(project root {code(project.root)})."
    )
    lines.append("")
    for section in project.facts:
        lines.extend(_facts(section))
    graph = project.graph
    if graph is not None:
        offending = sum(1 for e in graph.edges if e.offending)
        lines.append(
            f"**Import graph** ({plural(len(graph.nodes), 'package')}, "
            f"{plural(len(graph.edges), 'edge')}; {offending} offending, drawn thick and red)"
        )
        lines.append("")
        shown, note = drawn(graph)
        if note:
            lines += [note, ""]
        if shown.nodes:
            lines += ["```mermaid", *mermaid(shown), "```", ""]
    return lines


def render_markdown(report: AuditReport) -> str:
    paths = " ".join(code(p) for p in report.paths)
    lines = [
        "# backlint audit",
        "",
        f"**{score_line(report)}**: {findings_line(report)}.",
        "",
        f"Audit of {paths} by backlint {report.version}.",
        "",
        "## Scorecard by rule document",
        "",
        *_scorecard("Seed", "Rule document", report.seeds, report.total),
        "",
        "## Scorecard by family",
        "",
        *_scorecard("Family", "Codes", report.families, report.total),
        "",
    ]
    disabled = disabled_line(report)
    if disabled:
        lines += [disabled, ""]
    violated = [r for r in report.rules if r.violated]
    lines += ["## Rules violated", ""]
    if violated:
        lines += table(
            ("Code", "Name", "Family", "Seed", "Diagnostics", "Safe fixes", "Unsafe fixes"),
            (
                (
                    r.code,
                    r.name,
                    r.family,
                    r.seed or "—",
                    r.diagnostics,
                    r.safe_fixes,
                    r.unsafe_fixes,
                )
                for r in violated
            ),
            4,
        )
    else:
        lines.append("None.")
    lines += ["", "## Files with the most findings", ""]
    if report.files:
        lines += table(
            ("File", "Rules", "Diagnostics", "Safe fixes", "Unsafe fixes"),
            (
                (code(f.path), ", ".join(f.codes), f.diagnostics, f.safe_fixes, f.unsafe_fixes)
                for f in report.files
            ),
            2,
        )
        if report.files_with_findings > len(report.files):
            lines += ["", f"The first {len(report.files)} of {report.files_with_findings}."]
    else:
        lines.append("None.")
    lines += ["", "## Facts inferred", ""]
    many = len(report.projects) > 1
    for project in report.projects:
        lines.extend(_project(project, many))
    lines += ["## How to fix", ""]
    if report.fixes:
        lines.append("```sh")
        for command in report.fixes:
            lines.append(f"# {command.description} ({plural(command.fixes, 'fix', 'fixes')})")
            lines.append(command.command)
        lines += ["```", ""]
        left = report.total.diagnostics - sum((report.total.safe_fixes, report.total.unsafe_fixes))
        if left:
            lines += [f"The other {plural(left, 'diagnostic')} need a change by hand.", ""]
    else:
        lines += ["Nothing to fix automatically.", ""]
    if report.errors:
        lines += ["## Errors", ""]
        lines.extend(f"- {e}" for e in report.errors)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
