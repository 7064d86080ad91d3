"""The layering pass: upward imports, banned imports and import cycles, from the graph.

Built once per project and shared by the three rules of the family.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from backlint.project import ProjectFacts
from backlint.rules.layers.graph import Import, ImportGraph, script_only
from backlint.rules.layers.layering import Layering, Placement, glob_pattern, infer_layering
from backlint.rules.layers.options import LayersOptions

N = TypeVar("N", bound=Hashable)


def strongly_connected(
    nodes: Iterable[N], successors: Callable[[N], Iterable[N]]
) -> list[list[N]]:
    """Tarjan's strongly connected components, iteratively; a component comes after every
    component it reaches (sinks first)."""
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    on_stack: set[N] = set()
    stack: list[N] = []
    found: list[list[N]] = []
    counter = 0
    for start in nodes:
        if start in index:
            continue
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        work: list[tuple[N, Iterator[N]]] = [(start, iter(successors(start)))]
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors(child))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[N] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found


@dataclass(frozen=True, slots=True)
class Breach:
    """A module importing a higher layer: directly (``chain`` is empty) or through modules
    outside every layer (``chain`` lists them, then the module of the higher layer)."""

    path: str
    item: Import
    targets: tuple[str, ...]
    chain: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BannedUse:
    path: str
    item: Import
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cycle:
    """One group of modules importing each other: a shortest cycle through its first module
    (by name), the import that starts it, and every module of the group."""

    path: str
    item: Import
    cycle: tuple[str, ...]
    members: tuple[str, ...]


class LayerAnalysis:
    """The graph, the layering in force, and what the rules ask of them."""

    def __init__(self, graph: ImportGraph, layering: Layering) -> None:
        self.graph = graph
        self.layering = layering
        self._reach: dict[str, int] | None = None
        self._kept: dict[tuple[bool, bool], dict[str, list[tuple[Import, str]]]] = {}

    @classmethod
    def of(cls, project: ProjectFacts, options: LayersOptions) -> LayerAnalysis:
        graph = ImportGraph.of(project)
        return cls(graph, infer_layering(graph, options))

    def name(self, path: str) -> str:
        return self.graph.nodes[path].name

    def placement(self, path: str) -> Placement | None:
        return self.layering.placements.get(path)

    # -- edges -------------------------------------------------------------------------------

    def _edges(
        self, path: str, *, function: bool, type_checking: bool
    ) -> list[tuple[Import, str]]:
        kept = self._kept.setdefault((function, type_checking), {})
        edges = kept.get(path)
        if edges is None:
            name = self.name(path)
            edges = kept[path] = [
                (item, target)
                for item, target in self.graph.edges(
                    path, function=function, type_checking=type_checking
                )
                if not self.layering.ignores or not self.layering.ignored(name, self.name(target))
            ]
        return edges

    def _dependencies(self, path: str) -> list[tuple[Import, str]]:
        """The imports a module writes that make it depend on another (inside functions
        too): the start of an upward import."""
        return self._edges(path, function=True, type_checking=self.layering.type_checking)

    def _hops(self, path: str) -> list[tuple[Import, str]]:
        """The imports that run when a module is imported: the links of a chain."""
        return self._edges(path, function=False, type_checking=self.layering.type_checking)

    def _module_level(self, path: str) -> list[tuple[Import, str]]:
        """The imports that run when a module is imported, for cycles."""
        return self._edges(path, function=False, type_checking=False)

    # -- BK501 ---------------------------------------------------------------------------------

    def _reaches(self) -> dict[str, int]:
        """For each module outside every layer, the layers it reaches through such modules."""
        if self._reach is not None:
            return self._reach
        placements = self.layering.placements
        free = [p for p in self.graph.nodes if p not in placements]

        def successors(path: str) -> Iterator[str]:
            return (t for _, t in self._hops(path) if t not in placements)

        reach: dict[str, int] = {}
        for component in strongly_connected(free, successors):
            mask = 0
            members = set(component)
            for path in component:
                for _, target in self._hops(path):
                    placed = placements.get(target)
                    if placed is not None:
                        mask |= placed.bit
                    elif target not in members:
                        mask |= reach[target]
            for path in component:
                reach[path] = mask
        self._reach = reach
        return reach

    def _chain(self, start: str, forbidden: int) -> tuple[str, ...]:
        """A shortest chain from ``start`` (outside every layer) to a forbidden layer."""
        placements = self.layering.placements
        previous: dict[str, str | None] = {start: None}
        queue = deque([start])
        while queue:
            path = queue.popleft()
            for _, target in self._hops(path):
                if target in previous:
                    continue
                previous[target] = path
                placed = placements.get(target)
                if placed is None:
                    queue.append(target)
                elif placed.bit & forbidden:
                    chain = [target]
                    step: str | None = path
                    while step is not None:
                        chain.append(step)
                        step = previous[step]
                    return tuple(reversed(chain))
        return ()

    def upward_imports(self) -> list[Breach]:
        placements = self.layering.placements
        reach = self._reaches()
        found: list[Breach] = []
        for path in sorted(placements, key=self.name):
            placed = placements[path]
            forbidden = self.layering.forbidden(placed)
            if not forbidden:
                continue
            direct: dict[Import, list[str]] = {}
            indirect: dict[Import, str] = {}
            for item, target in self._dependencies(path):
                other = placements.get(target)
                if other is not None:
                    if other.bit & forbidden:
                        direct.setdefault(item, []).append(target)
                elif reach.get(target, 0) & forbidden:
                    indirect.setdefault(item, target)
            for item in self.graph.imports[path]:
                if item in direct:
                    found.append(Breach(path, item, tuple(direct[item])))
                elif item in indirect:
                    chain = self._chain(indirect[item], forbidden)
                    found.append(Breach(path, item, (chain[-1],), chain))
        return found

    # -- BK502 ---------------------------------------------------------------------------------

    def banned_imports(self) -> list[BannedUse]:
        found: list[BannedUse] = []
        matchers: dict[tuple[str, ...], BannedNames] = {}
        for path in sorted(self.layering.banned, key=self.name):
            banned = self.layering.banned[path]
            matcher = matchers.get(banned)
            if matcher is None:
                matcher = matchers[banned] = BannedNames(banned)
            name = self.name(path)
            for item in self.graph.imports[path]:
                if script_only(item.fact):
                    continue
                hits = tuple(
                    imported
                    for imported in item.names
                    if matcher.matches(imported) and not self.layering.ignored(name, imported)
                )
                if hits:
                    found.append(BannedUse(path, item, hits))
        return found

    # -- BK503 ---------------------------------------------------------------------------------

    def cycles(self) -> list[Cycle]:
        def successors(path: str) -> Iterator[str]:
            return (t for _, t in self._module_level(path))

        found: list[Cycle] = []
        for component in strongly_connected(sorted(self.graph.nodes), successors):
            if len(component) < 2:
                continue
            members = sorted(component, key=self.name)
            cycle = self._shortest_cycle(members[0], set(component))
            first = cycle[1]
            item = next(i for i, t in self._module_level(members[0]) if t == first)
            found.append(Cycle(members[0], item, tuple(cycle), tuple(members)))
        return sorted(found, key=lambda c: self.name(c.path))

    def _shortest_cycle(self, start: str, members: set[str]) -> list[str]:
        previous: dict[str, str] = {}
        queue = deque([start])
        seen = {start}
        while queue:
            path = queue.popleft()
            for _, target in self._module_level(path):
                if target not in members:
                    continue
                if target == start:
                    back = [path]
                    while back[-1] != start:
                        back.append(previous[back[-1]])
                    return [*reversed(back), start]
                if target not in seen:
                    seen.add(target)
                    previous[target] = path
                    queue.append(target)
        return [start, start]  # not reached: start is in a component of two or more


class BannedNames:
    """Whether an imported name, or one of its packages, is in a banned list."""

    def __init__(self, banned: Sequence[str]) -> None:
        self._exact = frozenset(b for b in banned if "*" not in b)
        self._globs = [glob_pattern(b) for b in banned if "*" in b]
        self._seen: dict[str, bool] = {}

    def matches(self, imported: str) -> bool:
        known = self._seen.get(imported)
        if known is None:
            parts = imported.split(".")
            prefixes = [".".join(parts[:size]) for size in range(len(parts), 0, -1)]
            known = any(p in self._exact for p in prefixes) or any(
                g.match(p) for g in self._globs for p in prefixes
            )
            self._seen[imported] = known
        return known


_cached: tuple[object, LayersOptions, LayerAnalysis] | None = None


def analysis_for(project: ProjectFacts, options: LayersOptions) -> LayerAnalysis:
    """The analysis of ``project``, shared by the family's rules within one run."""
    global _cached
    if _cached is not None and _cached[0] is project.files and _cached[1] == options:
        return _cached[2]
    result = LayerAnalysis.of(project, options)
    _cached = (project.files, options, result)
    return result
