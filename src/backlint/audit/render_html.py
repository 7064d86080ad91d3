"""The audit as one self-contained HTML page: inline CSS, inline SVG, no script, no network.

The page holds what the Markdown report holds; each project's import graph is drawn as an
SVG of its packages, one band per group (composition roots, each layer, the rest), with the
offending edges in red.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from backlint.audit.model import AuditReport, GraphEdge, PackageGraph, ProjectAudit, Score
from backlint.audit.sentences import (
    disabled_line,
    drawn,
    edge_label,
    findings_line,
    groups,
    plural,
    score_line,
)

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  --good: #1a7f37; --fair: #9a6700; --bad: #d1242f; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 12px; padding-bottom: 6px;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 24px 0 8px; }
.lead { color: var(--muted); margin: 0 0 20px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { flex: 1 1 140px; border: 1px solid var(--line); border-radius: 8px;
  padding: 12px 16px; background: var(--soft); }
.card .number { font-size: 28px; font-weight: 600; display: block; }
.card .what { color: var(--muted); font-size: 13px; }
.good { color: var(--good); } .fair { color: var(--fair); } .bad { color: var(--bad); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.score { white-space: nowrap; }
tr.total td { font-weight: 600; border-top: 2px solid var(--ink); }
.bar { display: inline-block; width: 90px; height: 10px; border-radius: 5px;
  background: var(--line); vertical-align: middle; margin-right: 8px; overflow: hidden; }
.bar > span { display: block; height: 100%; }
.bar .good { background: var(--good); } .bar .fair { background: var(--fair); }
.bar .bad { background: var(--bad); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 13px; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px;
  padding: 12px 16px; overflow-x: auto; }
.facts dt { font-weight: 600; margin-top: 6px; }
.facts dd { margin: 0 0 0 16px; }
.facts ul { margin: 2px 0 0; padding-left: 20px; color: var(--muted); }
.family { margin: 16px 0 4px; font-weight: 600; color: var(--accent); }
.graph { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
.muted { color: var(--muted); }
"""

NODE_HEIGHT = 34
ROW_GAP = 96
NODE_GAP = 28
MARGIN = 24
BAND_LABEL = 20
CHAR_WIDTH = 7.8
LANE_GAP = 22
PLAIN, OFFENDING = "#8c959f", "#d1242f"


def _tone(percent: int) -> str:
    return "good" if percent == 100 else "fair" if percent >= 60 else "bad"


def _cells(values: Iterable[object], numeric: bool = True) -> str:
    kind = ' class="n"' if numeric else ""
    return "".join(f"<td{kind}>{escape(str(v))}</td>" for v in values)


def _scorecard(table_id: str, key: str, title: str, scores: Sequence[Score], total: Score) -> str:
    rows = []
    for score, css in [*((s, "") for s in scores), (total, "total")]:
        is_total = score is total
        bar = (
            f'<span class="bar"><span class="{_tone(score.percent)}" '
            f'style="width:{score.percent}%"></span></span>{score.percent}%'
        )
        rows.append(
            f'<tr class="{css}" data-key="{escape("*" if is_total else score.key)}">'
            f"<td>{escape('All' if is_total else (score.key or '—'))}</td>"
            f"<td>{escape('every rule' if is_total else score.title)}</td>"
            f'<td class="n score">{bar}</td>'
            + _cells(
                (
                    score.checked,
                    score.satisfied,
                    score.violated,
                    score.diagnostics,
                    score.safe_fixes,
                    score.unsafe_fixes,
                )
            )
            + "</tr>"
        )
    head = "".join(
        f'<th class="n">{h}</th>'
        for h in (
            "Score",
            "Rules checked",
            "Satisfied",
            "Violated",
            "Diagnostics",
            "Safe fixes",
            "Unsafe fixes",
        )
    )
    return (
        f'<table id="{table_id}"><thead><tr><th>{escape(key)}</th><th>{escape(title)}</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[object]], numeric_from: int) -> str:
    head = "".join(
        ('<th class="n">' if i >= numeric_from else "<th>") + f"{escape(h)}</th>"
        for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + _cells(row[:numeric_from], numeric=False)
        + _cells(row[numeric_from:], numeric=True)
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@dataclass(frozen=True, slots=True)
class _Box:
    x: float
    y: float
    width: float
    row: int

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


def graph_svg(graph: PackageGraph) -> str:
    """The package graph as an inline SVG, one band per group, top to bottom.

    Edges between neighbouring bands are drawn straight down (or up); an edge that would
    cross a band goes around it, in a lane of its own on the right.
    """
    bands = groups(graph)
    widths = {n.id: max(90.0, len(n.name) * CHAR_WIDTH + 28) for n in graph.nodes}
    row_widths = [
        sum(widths[n.id] for n in nodes) + NODE_GAP * (len(nodes) - 1) for _, nodes in bands
    ]
    content = max([*row_widths, 320.0])
    rows = {node.id: row for row, (_, nodes) in enumerate(bands) for node in nodes}
    long = [i for i, e in enumerate(graph.edges) if abs(rows[e.source] - rows[e.target]) > 1]
    lanes = {index: MARGIN + content + LANE_GAP * (k + 1) for k, index in enumerate(long)}
    width = content + 2 * MARGIN + LANE_GAP * len(long)
    boxes: dict[str, _Box] = {}
    for row, ((_, nodes), used) in enumerate(zip(bands, row_widths, strict=True)):
        x = MARGIN + (content - used) / 2
        y = MARGIN + BAND_LABEL + row * (NODE_HEIGHT + ROW_GAP)
        for node in nodes:
            boxes[node.id] = _Box(x, y, widths[node.id], row)
            x += widths[node.id] + NODE_GAP
    height = MARGIN * 2 + BAND_LABEL + len(bands) * (NODE_HEIGHT + ROW_GAP) - ROW_GAP
    parts = [
        f'<svg width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="Import graph between the packages of the project">',
        "<defs>",
        *(
            f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/>'
            "</marker>"
            for name, colour in (("plain", PLAIN), ("offending", OFFENDING))
        ),
        "</defs>",
    ]
    for row, (title, _) in enumerate(bands):
        y = MARGIN + row * (NODE_HEIGHT + ROW_GAP)
        parts.append(
            f'<rect x="8" y="{y - 6:.0f}" width="{width - 16:.0f}" '
            f'height="{NODE_HEIGHT + BAND_LABEL + 16}" rx="8" fill="#f6f8fa"/>'
            f'<text x="18" y="{y + 9:.0f}" font-size="12" fill="#59636e" '
            f'font-family="system-ui, sans-serif">{escape(title)}</text>'
        )
    # Spread the ends of the edges along each box's side, in the order of the other ends.
    ends: dict[tuple[str, str], list[tuple[float, int]]] = {}
    for index, edge in enumerate(graph.edges):
        source, target = boxes[edge.source], boxes[edge.target]
        down = target.row >= source.row
        towards = lanes.get(index)
        ends.setdefault((edge.source, "bottom" if down else "top"), []).append(
            (towards or target.centre, index)
        )
        ends.setdefault((edge.target, "top" if down else "bottom"), []).append(
            (towards or source.centre, index)
        )
    anchor: dict[tuple[str, int], float] = {}
    for (node_id, _), found in ends.items():
        box = boxes[node_id]
        for rank, (_, index) in enumerate(sorted(found)):
            anchor[(node_id, index)] = box.x + box.width * (rank + 1) / (len(found) + 1)
    for index, edge in enumerate(graph.edges):
        ends_at = (anchor[(edge.source, index)], anchor[(edge.target, index)])
        parts.append(_edge(graph, edge, boxes, ends_at, lanes.get(index)))
    for node in graph.nodes:
        box = boxes[node.id]
        parts.append(
            f"<g><title>{escape(node.name)}: {plural(node.modules, 'module')}</title>"
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
            f'height="{NODE_HEIGHT}" rx="6" fill="#ffffff" stroke="#0969da" stroke-width="1.5"/>'
            f'<text x="{box.centre:.1f}" y="{box.y + NODE_HEIGHT / 2 + 4.5:.1f}" '
            f'text-anchor="middle" font-size="13" fill="#1f2328" '
            f'font-family="ui-monospace, Menlo, Consolas, monospace">{escape(node.name)}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _edge(
    graph: PackageGraph,
    edge: GraphEdge,
    boxes: dict[str, _Box],
    ends_at: tuple[float, float],
    lane: float | None,
) -> str:
    source, target = boxes[edge.source], boxes[edge.target]
    x1, x2 = ends_at
    if target.row == source.row:
        # Within a band: a curve below the boxes.
        y1 = y2 = source.y + NODE_HEIGHT
        dip = 30 + abs(x2 - x1) / 8
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + dip:.1f} {x2:.1f},{y2 + dip:.1f} "
    else:
        down = target.row > source.row
        y1 = source.y + NODE_HEIGHT if down else source.y
        y2 = target.y if down else target.y + NODE_HEIGHT
        step = 1 if down else -1
        if lane is None:
            bend = (y2 - y1) / 2
            path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + bend:.1f} {x2:.1f},{y2 - bend:.1f} "
        else:
            # Out to the lane, along it past the bands between, and back in.
            turn = ROW_GAP / 2 * step
            path = (
                f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + turn:.1f} {lane:.1f},{y1:.1f} "
                f"{lane:.1f},{y1 + turn:.1f} L{lane:.1f},{y2 - turn:.1f} "
                f"C{lane:.1f},{y2:.1f} {x2:.1f},{y2 - turn:.1f} "
            )
    path += f"{x2:.1f},{y2:.1f}"
    name = "offending" if edge.offending else "plain"
    colour = OFFENDING if edge.offending else PLAIN
    stroke = 2.5 if edge.offending else 1.3
    title = f"{graph.node(edge.source).name} → {graph.node(edge.target).name}: {edge_label(edge)}"
    return (
        f'<path class="edge {name}" d="{path}" fill="none" stroke="{colour}" '
        f'stroke-width="{stroke}" marker-end="url(#arrow-{name})">'
        f"<title>{escape(title)}</title></path>"
    )


def _project(project: ProjectAudit, many: bool) -> str:
    parts = []
    if many:
        parts.append(f"<h3><code>{escape(project.root)}</code></h3>")
    parts.append(
        f'<p class="muted">{plural(project.files, "file")} checked, {project.python_files} of '
        f"them Python (project root <code>{escape(project.root)}</code>).</p>"
    )
    for section in project.facts:
        parts.append(f'<div class="family">{escape(section.family)}</div><dl class="facts">')
        for fact in section.facts:
            parts.append(f"<dt>{escape(fact.label)}</dt><dd>{escape(fact.value)}")
            if fact.items:
                parts.append(
                    "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in fact.items) + "</ul>"
                )
            parts.append("</dd>")
        parts.append("</dl>")
    graph = project.graph
    if graph is not None:
        offending = sum(1 for e in graph.edges if e.offending)
        shown, note = drawn(graph)
        parts.append(
            f'<div class="family">Import graph</div><p class="muted">'
            f"{plural(len(graph.nodes), 'package')}, {plural(len(graph.edges), 'edge')}; "
            f"{offending} offending, in red.{' ' + escape(note) if note else ''}</p>"
        )
        if shown.nodes:
            parts.append(f'<div class="graph">{graph_svg(shown)}</div>')
    return "".join(parts)


def render_html(report: AuditReport) -> str:
    total = report.total
    paths = " ".join(report.paths)
    cards = [
        (f"{total.percent}%", "score", _tone(total.percent), "score"),
        (f"{total.satisfied}/{total.checked}", "rules satisfied", "", "satisfied"),
        (str(total.diagnostics), "diagnostics", "bad" if total.diagnostics else "good", "diag"),
        (str(report.files_with_findings), "files with findings", "", "files"),
        (str(total.safe_fixes), "fixable safely", "", "safe"),
        (str(total.unsafe_fixes), "with an unsafe fix", "", "unsafe"),
    ]
    body = [
        "<h1>backlint audit</h1>",
        f'<p class="lead">{escape(score_line(report))}: {escape(findings_line(report))}. '
        f"Audit of <code>{escape(paths)}</code> by backlint {escape(report.version)}.</p>",
        '<div class="cards">'
        + "".join(
            f'<div class="card" id="card-{key}"><span class="number {tone}">{escape(number)}'
            f'</span><span class="what">{escape(what)}</span></div>'
            for number, what, tone, key in cards
        )
        + "</div>",
        "<h2>Scorecard by rule document</h2>",
        _scorecard("seeds", "Seed", "Rule document", report.seeds, total),
        "<h2>Scorecard by family</h2>",
        _scorecard("families", "Family", "Codes", report.families, total),
    ]
    disabled = disabled_line(report)
    if disabled:
        body.append(f'<p class="muted">{escape(disabled)}</p>')
    body.append("<h2>Rules violated</h2>")
    violated = [r for r in report.rules if r.violated]
    body.append(
        _table(
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
        if violated
        else "<p>None.</p>"
    )
    body.append("<h2>Files with the most findings</h2>")
    if report.files:
        body.append(
            _table(
                ("File", "Rules", "Diagnostics", "Safe fixes", "Unsafe fixes"),
                (
                    (f.path, ", ".join(f.codes), f.diagnostics, f.safe_fixes, f.unsafe_fixes)
                    for f in report.files
                ),
                2,
            )
        )
        if report.files_with_findings > len(report.files):
            body.append(
                f'<p class="muted">The first {len(report.files)} of '
                f"{report.files_with_findings}.</p>"
            )
    else:
        body.append("<p>None.</p>")
    body.append("<h2>Facts inferred</h2>")
    body.extend(_project(p, len(report.projects) > 1) for p in report.projects)
    body.append("<h2>How to fix</h2>")
    if report.fixes:
        lines = []
        for command in report.fixes:
            lines.append(
                f'<span class="muted"># {escape(command.description)} '
                f"({plural(command.fixes, 'fix', 'fixes')})</span>"
            )
            lines.append(escape(command.command))
        body.append("<pre>" + "\n".join(lines) + "</pre>")
    else:
        body.append("<p>Nothing to fix automatically.</p>")
    if report.errors:
        body.append("<h2>Errors</h2><ul>")
        body.extend(f"<li>{escape(e)}</li>" for e in report.errors)
        body.append("</ul>")
    title = f"backlint audit of {paths}: {score_line(report)}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )
