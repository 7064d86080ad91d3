"""The sentences every format of the audit shares, so that they all say the same thing."""

from __future__ import annotations

from backlint.audit.model import (
    OUTSIDE_GROUP,
    ROOTS_GROUP,
    AuditReport,
    GraphEdge,
    GraphNode,
    PackageGraph,
)

# Past this many packages a drawing is unreadable: only the offending edges are drawn.
MAX_DRAWN_NODES = 40


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def score_line(report: AuditReport) -> str:
    """``20 of 26 rules satisfied (76%)``."""
    total = report.total
    if total.checked and total.satisfied == total.checked:
        return f"All {plural(total.checked, 'rule')} satisfied (100%)"
    return f"{total.satisfied} of {plural(total.checked, 'rule')} satisfied ({total.percent}%)"


def findings_line(report: AuditReport) -> str:
    """``31 diagnostics in 14 of 26 files; 20 fixable safely, 3 more with unsafe fixes``."""
    total = report.total
    if not total.diagnostics:
        return f"no diagnostics in {plural(report.files_checked, 'file')}"
    line = (
        f"{plural(total.diagnostics, 'diagnostic')} in {report.files_with_findings} of "
        f"{plural(report.files_checked, 'file')}"
    )
    fixes = []
    if total.safe_fixes:
        fixes.append(f"{total.safe_fixes} fixable safely")
    if total.unsafe_fixes:
        fixes.append(f"{total.unsafe_fixes} with an unsafe fix")
    if not fixes:
        fixes.append("none fixable automatically")
    return line + "; " + ", ".join(fixes)


def disabled_line(report: AuditReport) -> str | None:
    """Which rules the configuration or selection left out, if any."""
    off = [r.code for r in report.rules if not r.checked]
    if not off:
        return None
    shown = ", ".join(off[:12]) + (f" and {len(off) - 12} more" if len(off) > 12 else "")
    return f"Not enabled here, so not scored: {shown}."


def group_title(node: GraphNode, graph: PackageGraph) -> str:
    """``layer 2: services``, ``composition roots``, ``outside every layer``."""
    if node.group in (ROOTS_GROUP, OUTSIDE_GROUP):
        return node.group
    return f"layer {node.rank}: {node.group}"


def edge_label(edge: GraphEdge) -> str:
    """``3 imports``, or ``1 import, BK501`` for an offending edge."""
    label = plural(edge.imports, "import")
    if edge.offending:
        label += ", " + ", ".join(edge.offending)
    return label


def groups(graph: PackageGraph) -> list[tuple[str, list[GraphNode]]]:
    """The graph's nodes by group, top to bottom."""
    found: dict[tuple[int, str], list[GraphNode]] = {}
    for node in graph.nodes:
        found.setdefault((node.rank, node.group), []).append(node)
    return [(group_title(nodes[0], graph), nodes) for _, nodes in sorted(found.items())]


def drawn(graph: PackageGraph) -> tuple[PackageGraph, str | None]:
    """The part of ``graph`` worth drawing, and a note when it is not the whole of it."""
    if len(graph.nodes) <= MAX_DRAWN_NODES:
        return graph, None
    edges = tuple(e for e in graph.edges if e.offending)
    ends = {e.source for e in edges} | {e.target for e in edges}
    nodes = tuple(n for n in graph.nodes if n.id in ends)
    note = (
        f"{plural(len(graph.nodes), 'package')} and {plural(len(graph.edges), 'edge')} are "
        f"too many to draw: only the {plural(len(edges), 'offending edge')} "
        f"{'is' if len(edges) == 1 else 'are'} drawn (the JSON report has every edge)."
    )
    return PackageGraph(graph.layering, nodes, edges), note
