"""The project side of wiring: naming objects across modules, and the paths routes end up at.

Everything here reads facts only. References (see ``facts.py``) are resolved through the
import and assignment aliases every file contributes as ``SymbolFact``s. A project checked
from a folder above its import root names its modules with a longer prefix
(``services.api.app.main``) than its imports do (``app.main``); a reference that names
nothing is therefore also looked up as the dotted suffix of a known name, when exactly one
name ends that way.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from backlint.facts import ImportFact
from backlint.project import FileResult, ProjectFacts
from backlint.rules.wiring.collect import join_paths
from backlint.rules.wiring.facts import AppFact, IncludeFact, RouteFact, RouterFact

_TEST_DIRS = frozenset({"tests", "test"})
_MAX_DEPTH = 12


def relative_parts(path: str, root: str) -> list[str]:
    prefix = root if root.endswith(os.sep) else root + os.sep
    rest = path[len(prefix) :] if path.startswith(prefix) else path
    return [p for p in rest.split(os.sep) if p]


def is_test_file(path: str, root: str) -> bool:
    """Test modules by pytest's conventions, or anything under a ``tests``/``test`` folder."""
    name = os.path.basename(path)
    if name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py":
        return True
    return any(part in _TEST_DIRS for part in relative_parts(path, root)[:-1])


def shown_path(path: str, root: str) -> str:
    """A path as messages show it: relative to the project root, with ``/``."""
    return "/".join(relative_parts(path, root)) or os.path.basename(path)


def suffix_match(name: str, full: str) -> bool:
    """Whether dotted ``full`` is ``name`` or ends with it at a dot."""
    return full == name or full.endswith("." + name)


class Names:
    """Resolves references through aliases, with the unique-suffix fallback."""

    def __init__(self, project: ProjectFacts) -> None:
        self._alias: dict[str, str] = {}
        for file in project.python_files():
            for symbol in file.symbols:
                if len(symbol.bases) == 1 and not symbol.kinds:
                    self._alias.setdefault(symbol.qualname, symbol.bases[0])
        self._suffixes: dict[str, set[str]] | None = None
        # Suffix indexes of the collections of names resolved against, by identity (the
        # collection is kept so that its identity is not reused).
        self._known_suffixes: dict[int, tuple[Collection[str], dict[str, set[str]]]] = {}

    def follow(self, name: str) -> str | None:
        """What ``name`` is an alias of (an import, or an assignment of a name or call)."""
        found = self._alias.get(name)
        if found is None:
            match = self._by_suffix(name, ())
            found = self._alias.get(match) if match is not None else None
        return found

    @staticmethod
    def _index(names: Iterable[str]) -> dict[str, set[str]]:
        index: dict[str, set[str]] = defaultdict(set)
        for name in names:
            parts = name.split(".")
            for start in range(1, len(parts) - 1):
                index[".".join(parts[start:])].add(name)
        return index

    def _by_suffix(self, name: str, known: Collection[str]) -> str | None:
        if self._suffixes is None:
            self._suffixes = self._index(self._alias)
        cached = self._known_suffixes.get(id(known))
        if cached is None or cached[0] is not known:
            cached = (known, self._index(known))
            self._known_suffixes[id(known)] = cached
        found = self._suffixes.get(name, set()) | cached[1].get(name, set())
        return next(iter(found)) if len(found) == 1 else None

    def resolve(self, ref: str | None, known: Collection[str]) -> str | None:
        """The name in ``known`` that ``ref`` refers to, or ``None``."""
        seen: set[str] = set()
        while ref is not None and ref not in known:
            if ref in seen or len(seen) > _MAX_DEPTH:
                return None
            seen.add(ref)
            following = self._alias.get(ref)
            ref = following if following is not None else self._by_suffix(ref, known)
        return ref


def absolute_import(fact: ImportFact, importer: FileResult) -> str:
    """The absolute module a (possibly relative) import names."""
    if fact.level == 0:
        return fact.module
    parts = importer.module.split(".") if importer.module else []
    package = os.path.basename(importer.path) == "__init__.py"
    keep = len(parts) - fact.level + (1 if package else 0)
    base = parts[: max(keep, 0)]
    return ".".join([*base, fact.module] if fact.module else base)


def imports_name(project: ProjectFacts, module: str, name: str) -> bool:
    """Whether any file imports ``name`` from ``module``, or the module itself (after which
    any of its names may be used), or everything from it (``*``)."""
    for file in project.python_files():
        for fact in file.imports:
            imported = absolute_import(fact, file)
            if not imported:
                continue
            if fact.names:
                if suffix_match(imported, module) and (name in fact.names or "*" in fact.names):
                    return True
                if any(suffix_match(f"{imported}.{n}", module) for n in fact.names):
                    return True
            elif suffix_match(imported, module) or suffix_match(module, imported):
                return True
    return False


@dataclass(frozen=True, slots=True)
class Located:
    """A fact with the file it came from."""

    file: FileResult
    fact: object


@dataclass(frozen=True, slots=True)
class RoutePath:
    """Where a route may be served: ``path``, and whether every prefix on the way is known
    (``certain``); an uncertain path is only the part the route's own code shows."""

    path: str
    certain: bool


class Routing:
    """Applications, routers and inclusions of a project, to tell where routes are served."""

    def __init__(
        self,
        project: ProjectFacts,
        names: Names,
        *,
        include_tests: bool = False,
        django_roots: Iterable[str] = (),
    ) -> None:
        self.project = project
        self.names = names
        self.apps: dict[str, tuple[FileResult, AppFact]] = {}
        self.routers: dict[str, RouterFact] = {}
        self.includes: dict[str, list[IncludeFact]] = defaultdict(list)
        self.all_includes: list[IncludeFact] = []
        self.routes: list[tuple[FileResult, RouteFact]] = []
        roots = set(django_roots)
        for file in project.python_files():
            if not include_tests and is_test_file(file.path, project.root):
                continue
            for fact in file.facts:
                if isinstance(fact, AppFact) and fact.ref is not None:
                    self.apps[fact.ref] = (file, fact)
                elif isinstance(fact, RouterFact) and fact.ref is not None:
                    self.routers[fact.ref] = fact
                elif isinstance(fact, IncludeFact):
                    self.all_includes.append(fact)
                elif isinstance(fact, RouteFact):
                    self.routes.append((file, fact))
        # Django's root URLconf plays the application's part.
        urlconfs = set(self.routers)
        self._django_roots = {
            found for root in roots if (found := names.resolve(root, urlconfs)) is not None
        }
        self._known = set(self.apps) | set(self.routers)
        for include in self.all_includes:
            child = names.resolve(include.child, self._known)
            if child is not None:
                self.includes[child].append(include)

    def resolve(self, ref: str | None) -> str | None:
        return self.names.resolve(ref, self._known)

    def is_app(self, ref: str | None) -> bool:
        return ref is not None and (ref in self.apps or ref in self._django_roots)

    def paths(self, route: RouteFact) -> Iterator[RoutePath]:
        """Every path ``route`` may be served at, as far as the facts tell."""
        if route.path is None:
            return
        if route.rooted:
            yield RoutePath(join_paths(route.path), True)
            return
        yield from self._paths(route.owner, join_paths(route.path), 0, frozenset())

    def _paths(
        self, ref: str | None, tail: str, depth: int, seen: frozenset[str]
    ) -> Iterator[RoutePath]:
        owner = self.resolve(ref)
        if owner is None or depth > _MAX_DEPTH or owner in seen:
            yield RoutePath(tail, False)
            return
        if self.is_app(owner):
            yield RoutePath(tail, True)
            return
        router = self.routers.get(owner)
        own = router.prefix if router is not None else ""
        includes = self.includes.get(owner, [])
        if not includes:
            yield RoutePath(join_paths(own, tail) if own is not None else tail, False)
            return
        for include in includes:
            if include.prefix is None:
                yield RoutePath(join_paths(own, tail) if own is not None else tail, False)
                continue
            if include.replaces:
                prefix: str | None = include.prefix
            else:
                prefix = join_paths(include.prefix, own) if own is not None else None
            if prefix is None:
                yield RoutePath(tail, False)
                continue
            yield from self._paths(
                include.parent, join_paths(prefix, tail), depth + 1, seen | {owner}
            )


def facts_of(project: ProjectFacts, kind: type[object]) -> Iterator[Located]:
    for file, fact in project.facts(kind):
        yield Located(file, fact)


def composition_root(
    routing: Routing, apps: list[tuple[FileResult, AppFact]]
) -> tuple[FileResult, AppFact] | None:
    """The application the project is composed around: the one most routers, routes and
    mounts hang on, then the one nearest the project root."""
    if not apps:
        return None
    weight: dict[str, int] = defaultdict(int)
    for include in routing.all_includes:
        parent = routing.resolve(include.parent)
        if parent is not None:
            weight[parent] += 1
    for _, route in routing.routes:
        owner = routing.resolve(route.owner)
        if owner is not None:
            weight[owner] += 1
    return min(
        apps,
        key=lambda item: (
            -weight.get(item[1].ref or "", 0),
            item[0].path.count(os.sep),
            item[0].path,
            item[1].span.start,
        ),
    )
