"""The import graph an audit draws: the project's packages, and the imports between them.

Modules come from the layering family's import graph and layering (the same modules, import
resolution and layers as its rules), grouped into packages so that the drawing stays
readable: a module in a layer belongs to the package that places it there (``app.api``);
any other module to the package one level below the container of the layers (``app.schemas``
beside ``app.api``), or below its top-level package when nothing is layered. An edge is
offending when a diagnostic of the layering family was reported at one of its imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backlint.audit.model import (
    OUTSIDE_GROUP,
    ROOTS_GROUP,
    GraphEdge,
    GraphNode,
    PackageGraph,
)
from backlint.diagnostics import Diagnostic
from backlint.project import ProjectFacts
from backlint.rule import RuleContext
from backlint.rules.layers.analysis import LayerAnalysis
from backlint.rules.layers.options import layers_options

LAYERS_FAMILY = "layers"


@dataclass(frozen=True, slots=True)
class _Unit:
    name: str
    group: str
    rank: int


def layer_analysis(project: ProjectFacts, context: RuleContext) -> LayerAnalysis:
    return LayerAnalysis.of(project, layers_options(context))


def _units(analysis: LayerAnalysis) -> dict[str, _Unit]:
    """The package each module of the graph is drawn in, with its group."""
    layering = analysis.layering
    containers = sorted(
        {
            placed.package.rsplit(".", 1)[0]
            for placed in layering.placements.values()
            if "." in placed.package
        },
        key=len,
        reverse=True,
    )
    below = len(layering.layers) + 1
    units: dict[str, _Unit] = {}
    for path, node in analysis.graph.nodes.items():
        placed = layering.placements.get(path)
        if placed is not None:
            units[path] = _Unit(placed.package, layering.layer_name(placed), placed.layer + 1)
            continue
        name = node.name
        container = next((c for c in containers if name == c or name.startswith(c + ".")), None)
        depth = container.count(".") + 2 if container is not None else 2
        package = ".".join(name.split(".")[:depth])
        if path in layering.roots:
            units[path] = _Unit(package, ROOTS_GROUP, 0)
        else:
            units[path] = _Unit(package, OUTSIDE_GROUP, below)
    return units


def package_graph(
    analysis: LayerAnalysis, diagnostics: Iterable[Diagnostic], layer_codes: Iterable[str]
) -> PackageGraph | None:
    """The package graph of ``analysis``; ``None`` when the project has no module.

    ``diagnostics`` are those reported for the project; the ones whose code is in
    ``layer_codes`` mark the edges of the imports they sit at.
    """
    graph = analysis.graph
    if not graph.nodes:
        return None
    codes = frozenset(layer_codes)
    marks: dict[tuple[str, int, int], set[str]] = {}
    for diagnostic in diagnostics:
        if diagnostic.code in codes:
            at = (diagnostic.path, diagnostic.start.row, diagnostic.start.column)
            marks.setdefault(at, set()).add(diagnostic.code)
    units = _units(analysis)
    # A package holding modules of several groups is drawn in the highest of them.
    placed: dict[str, _Unit] = {}
    members: dict[str, int] = {}
    for unit in units.values():
        known = placed.get(unit.name)
        if known is None or unit.rank < known.rank:
            placed[unit.name] = unit
        members[unit.name] = members.get(unit.name, 0) + 1
    ordered = sorted(placed.values(), key=lambda u: (u.rank, u.name))
    ids = {unit.name: f"n{index}" for index, unit in enumerate(ordered)}
    nodes = tuple(
        GraphNode(ids[u.name], u.name, u.group, u.rank, members[u.name]) for u in ordered
    )
    pairs: dict[tuple[str, str], set[tuple[str, str]]] = {}
    offending: dict[tuple[str, str], set[str]] = {}
    type_checking = analysis.layering.type_checking
    for path in graph.nodes:
        source = units[path].name
        for item, target in graph.edges(path, function=True, type_checking=type_checking):
            destination = units[target].name
            if destination == source:
                continue
            key = (ids[source], ids[destination])
            pairs.setdefault(key, set()).add((path, target))
            found = marks.get((path, item.fact.row, item.fact.column))
            if found:
                offending.setdefault(key, set()).update(found)
    edges = tuple(
        GraphEdge(a, b, len(pairs[(a, b)]), tuple(sorted(offending.get((a, b), ()))))
        for a, b in sorted(pairs, key=lambda k: (int(k[0][1:]), int(k[1][1:])))
    )
    return PackageGraph(analysis.layering.source, nodes, edges)
