"""How manifests combine: requirements files pulled in with ``-r``, and pyproject groups.

pip installs a requirements file together with everything it includes through ``-r``; a set
of requirements is what one install sees. Constraint files (``-c``) restrict versions but
declare nothing, so they are not part of a set.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from backlint.manifests import Include, Manifest, ManifestKind, Requirement


@dataclass(frozen=True, slots=True)
class Placed:
    """A requirement with the manifest it was written in."""

    requirement: Requirement
    manifest: Manifest


def by_path(manifests: Iterable[Manifest]) -> dict[str, Manifest]:
    return {manifest.path: manifest for manifest in manifests}


def include_cycles(
    manifests: Mapping[str, Manifest],
) -> Iterator[tuple[Manifest, Include, list[str]]]:
    """Each ``-r``/``-c`` line that closes a cycle, with the cycle's files in order."""
    seen_cycles: set[frozenset[str]] = set()
    for start in sorted(manifests):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            path, trail = stack.pop()
            manifest = manifests.get(path)
            if manifest is None:
                continue
            for include in manifest.includes:
                target = include.resolved
                if target is None or target not in manifests:
                    continue
                if target == start:
                    key = frozenset(trail)
                    if key not in seen_cycles:
                        seen_cycles.add(key)
                        yield manifest, include, [*trail, target]
                elif target not in trail:
                    stack.append((target, [*trail, target]))


def requirement_sets(manifests: Mapping[str, Manifest]) -> Iterator[list[Placed]]:
    """The sets of requirements installed together, each in file order.

    A requirements file with everything it includes through ``-r`` (its own entries first,
    then each included file's, depth first, each file once); each pyproject.toml group.
    Files included by another file are not a set of their own.
    """
    included = {
        include.resolved
        for manifest in manifests.values()
        for include in manifest.includes
        if not include.constraint and include.resolved
    }
    for path in sorted(manifests):
        manifest = manifests[path]
        if manifest.kind is ManifestKind.PYPROJECT:
            groups: dict[str | None, list[Placed]] = {}
            for requirement in manifest.requirements:
                groups.setdefault(requirement.group, []).append(Placed(requirement, manifest))
            yield from groups.values()
        elif path not in included:
            yield list(_closure(path, manifests, set()))


def _closure(path: str, manifests: Mapping[str, Manifest], visited: set[str]) -> Iterator[Placed]:
    if path in visited or path not in manifests:
        return
    visited.add(path)
    manifest = manifests[path]
    for requirement in manifest.requirements:
        if not requirement.constraint:
            yield Placed(requirement, manifest)
    for include in manifest.includes:
        if not include.constraint and include.resolved:
            yield from _closure(include.resolved, manifests, visited)
