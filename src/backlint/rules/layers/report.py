"""What ``backlint layers`` prints: the layering in force for a project.

A :class:`LayersReport` says, layer by layer, which packages make it up, which modules are
composition roots, how many are outside every layer, and which imports are banned where.
It renders as text, JSON, a Mermaid flowchart or a Graphviz graph.
"""

from __future__ import annotations

import itertools
import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from backlint.rules.layers.analysis import LayerAnalysis


@dataclass(frozen=True, slots=True)
class LayerEntry:
    """One layer as shown: position (1 is the top), name, siblings and their packages."""

    position: int
    name: str
    independent: bool
    siblings: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class LayersReport:
    root: str
    source: str
    layers: tuple[LayerEntry, ...]
    roots: tuple[str, ...]
    outside: tuple[str, ...]
    banned: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    ignores: tuple[str, ...] = ()


def describe(analysis: LayerAnalysis, root: str, ignores: Sequence[str] = ()) -> LayersReport:
    """The report of ``analysis`` for the project at ``root``."""
    layering = analysis.layering
    packages: dict[tuple[int, str], set[str]] = {}
    for placed in layering.placements.values():
        packages.setdefault((placed.layer, placed.sibling), set()).add(placed.package)
    layers = tuple(
        LayerEntry(
            layer.index + 1,
            layer.name,
            layer.independent,
            tuple(
                (sibling, tuple(sorted(packages.get((layer.index, sibling), ()))))
                for sibling in layer.siblings
            ),
        )
        for layer in layering.layers
    )
    names = analysis.name
    outside = tuple(
        sorted(
            names(p)
            for p in analysis.graph.nodes
            if p not in layering.placements and p not in layering.roots
        )
    )
    groups: dict[tuple[str, ...], set[str]] = {}
    for path, listed in layering.banned.items():
        placement = layering.placements.get(path)
        groups.setdefault(listed, set()).add(placement.package if placement else names(path))
    banned = tuple(
        sorted(
            ((tuple(sorted(where)), listed) for listed, where in groups.items()),
            key=lambda item: (len(item[1]), item[0]),
        )
    )
    return LayersReport(
        root,
        layering.source,
        layers,
        tuple(sorted(names(p) for p in layering.roots)),
        outside,
        banned,
        tuple(ignores),
    )


def _sample(names: Sequence[str], limit: int) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def render_text(report: LayersReport) -> str:
    how = (
        "configured in [tool.backlint.layers]"
        if report.source == "configured"
        else "inferred from package names"
    )
    lines = [f"Layers of {report.root} ({how}), top to bottom:"]
    if not report.layers:
        lines.append("  (none)")
    width = max((len(layer.name) for layer in report.layers), default=0)
    for layer in report.layers:
        if len(layer.siblings) == 1:
            found = ", ".join(layer.siblings[0][1]) or "(no module)"
            lines.append(f"  {layer.position}. {layer.name.ljust(width)}  {found}")
            continue
        kind = "independent siblings" if layer.independent else "siblings"
        lines.append(f"  {layer.position}. {layer.name} ({kind})")
        for sibling, packages in layer.siblings:
            lines.append(f"       {sibling}: {', '.join(packages) or '(no module)'}")
    lines.append(
        "Composition roots (may import anything): " + (_sample(report.roots, 12) or "none")
    )
    count = len(report.outside)
    noun = "module" if count == 1 else "modules"
    lines.append(
        f"Outside every layer: {count} {noun}"
        + (f" ({_sample(report.outside, 8)})" if count else "")
    )
    if report.banned:
        lines.append("Banned imports (BK502):")
        for where, banned in report.banned:
            lines.append(f"  in {_sample(where, 6)}:")
            lines.extend(
                textwrap.wrap(
                    ", ".join(banned), 95, initial_indent="    ", subsequent_indent="    "
                )
            )
    if report.ignores:
        lines.append("Ignored imports: " + ", ".join(report.ignores))
    return "\n".join(lines) + "\n"


def as_dict(report: LayersReport) -> dict[str, object]:
    return {
        "root": report.root,
        "source": report.source,
        "layers": [
            {
                "position": layer.position,
                "name": layer.name,
                "independent": layer.independent,
                "siblings": [
                    {"name": sibling, "packages": list(found)} for sibling, found in layer.siblings
                ],
            }
            for layer in report.layers
        ],
        "composition_roots": list(report.roots),
        "outside": list(report.outside),
        "banned": [
            {"modules": list(where), "names": list(names)} for where, names in report.banned
        ],
        "ignore_imports": list(report.ignores),
    }


def render_json(reports: Sequence[LayersReport]) -> str:
    return json.dumps([as_dict(r) for r in reports], indent=2) + "\n"


def _nodes(report: LayersReport) -> list[list[tuple[str, str]]]:
    """Per layer, (node id, label lines joined by ``\\n``) for each sibling."""
    rows = []
    for layer in report.layers:
        row = []
        for number, (sibling, found) in enumerate(layer.siblings):
            title = sibling if len(layer.siblings) > 1 else layer.name
            label = "\n".join([f"{layer.position}. {title}", *found[:6]])
            if len(found) > 6:
                label += f"\n(+{len(found) - 6} more)"
            row.append((f"L{layer.position}_{number}", label))
        rows.append(row)
    return rows


def render_mermaid(report: LayersReport) -> str:
    lines = ["flowchart TD"]
    rows = _nodes(report)
    for row in rows:
        for node, label in row:
            text = label.replace('"', "'").replace("\n", "<br/>")
            lines.append(f'    {node}["{text}"]')
    for upper, lower in itertools.pairwise(rows):
        lines.extend(f"    {a} --> {b}" for a, _ in upper for b, _ in lower)
    if report.roots:
        text = "composition roots<br/>" + "<br/>".join(report.roots[:6])
        lines.append(f'    roots(["{text}"])')
        if rows:
            lines.extend(f"    roots -.-> {node}" for node, _ in rows[0])
    return "\n".join(lines) + "\n"


def render_dot(report: LayersReport) -> str:
    lines = ["digraph layers {", "    rankdir=TB;", "    node [shape=box];"]
    rows = _nodes(report)
    for row in rows:
        for node, label in row:
            text = label.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            lines.append(f'    {node} [label="{text}"];')
        if len(row) > 1:
            lines.append("    { rank=same; " + "; ".join(n for n, _ in row) + "; }")
    for upper, lower in itertools.pairwise(rows):
        lines.extend(f"    {a} -> {b};" for a, _ in upper for b, _ in lower)
    if report.roots:
        text = "composition roots\\n" + "\\n".join(report.roots[:6])
        lines.append(f'    roots [shape=ellipse, label="{text}"];')
        if rows:
            lines.extend(f"    roots -> {node} [style=dashed];" for node, _ in rows[0])
    lines.append("}")
    return "\n".join(lines) + "\n"


RENDERERS = {"text": render_text, "mermaid": render_mermaid, "dot": render_dot}
