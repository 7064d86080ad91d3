"""The import graph of the project's own modules, built from the import facts.

Every Python file of the project is a node, named by its dotted module name (below the
deepest configured source root). An import is resolved the way the interpreter would find
the module in the project:

* relative imports by folders, from the importing file (``from . import x`` is the submodule
  ``x`` when there is one, else a name of the package);
* absolute imports by dotted name, under the module's own name or under the name it has
  from the top of its chain of packages (``backend/app/api/x.py`` is ``backend.app.api.x``
  and also ``app.api.x``); when several files carry a name, the one nearest the importer;
* ``from a.b import c`` imports the submodule ``a.b.c`` when it exists, else ``a.b``;
  an import of a missing submodule falls back to the nearest existing package.

Test modules (pytest's conventions, or anything in a ``tests``/``test`` package or folder)
and stub files are not nodes: production code does not import them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from backlint.data.import_names import stdlib_modules
from backlint.facts import ImportFact
from backlint.project import ProjectFacts

_TEST_PARTS = frozenset({"tests", "test"})
_INIT = "__init__.py"
_MANAGE = "manage.py"


@dataclass(frozen=True, slots=True)
class Node:
    """One module of the project: its file, its dotted name as the code imports it (from the
    top of its chain of packages), and its name below the configured source roots."""

    path: str
    name: str
    is_package: bool
    module: str = ""

    def __post_init__(self) -> None:
        if not self.module:
            object.__setattr__(self, "module", self.name)


@dataclass(frozen=True, slots=True)
class Import:
    """One import fact of a module, resolved.

    ``names`` are the absolute dotted names it brings in (``fastapi.Depends`` for
    ``from fastapi import Depends``, ``app.core`` for ``import app.core``); ``targets`` the
    paths of the project's modules it imports, in the order written.
    """

    fact: ImportFact
    names: tuple[str, ...]
    targets: tuple[str, ...]

    @property
    def keyword(self) -> str:
        return "from" if self.fact.names else "import"


def is_test_module(name: str, path: str, root: str) -> bool:
    """pytest's test files, Django's ``tests.py``, and anything inside a ``tests`` or
    ``test`` package or folder."""
    stem = os.path.splitext(os.path.basename(path))[0]
    if stem.startswith("test_") or stem.endswith("_test") or stem == "conftest":
        return True
    if any(part in _TEST_PARTS for part in name.split(".")):
        return True
    prefix = root.rstrip(os.sep) + os.sep
    folder = os.path.dirname(path)
    relative = folder[len(prefix) :] if folder.startswith(prefix) else folder
    return any(part in _TEST_PARTS for part in relative.split(os.sep))


def script_only(fact: ImportFact) -> bool:
    """Whether an import sits under ``if __name__ == "__main__":`` (when the facts say so):
    it runs only when the module is run as a script, never when it is imported."""
    return bool(getattr(fact, "main_guard", False))


def absolute_module(module: str, level: int, target: str, is_package: bool) -> str:
    """The absolute dotted module of a relative ``from`` import, by name."""
    if level == 0:
        return target
    parts = module.split(".") if module else []
    keep = len(parts) - level + (1 if is_package else 0)
    base = parts[: max(keep, 0)]
    return ".".join([*base, target] if target else base)


def _common_length(a: str, b: str) -> int:
    return len(os.path.commonpath([a, b]))


def _dotted(path: str, base: str) -> str | None:
    """The dotted name of the module at ``path`` below the folder ``base``, if valid."""
    prefix = base.rstrip(os.sep) + os.sep
    if not path.startswith(prefix):
        return None
    parts = os.path.splitext(path[len(prefix) :])[0].split(os.sep)
    if parts[-1] == "__init__":
        parts.pop()
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return ".".join(parts)


def _package_names(paths: Iterable[str]) -> dict[str, str]:
    """The name of each module inside a package, from the top of its chain of packages:
    what the code imports it as (``backend/app/api/x.py`` is ``app.api.x``)."""
    paths = list(paths)
    package_dirs = {os.path.dirname(p) for p in paths if os.path.basename(p) == _INIT}
    tops: dict[str, str] = {}
    names: dict[str, str] = {}
    for path in paths:
        folder = os.path.dirname(path)
        if folder not in package_dirs:
            continue
        top = tops.get(folder)
        if top is None:
            top = folder
            while os.path.dirname(top) in package_dirs and os.path.dirname(top) != top:
                top = os.path.dirname(top)
            tops[folder] = top
        name = _dotted(path, os.path.dirname(top))
        if name is not None:
            names[path] = name
    return names


def _script_names(nodes: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(name, path) of each module below the folder of a Django ``manage.py``, which the
    interpreter puts first on ``sys.path`` for every command."""
    paths = list(nodes)
    script_dirs = {os.path.dirname(p) for p in paths if os.path.basename(p) == _MANAGE}
    if not script_dirs:
        return
    bases: dict[str, str] = {}
    for path in paths:
        folder = os.path.dirname(path)
        base = bases.get(folder)
        if base is None:
            base = folder
            while base not in script_dirs and os.path.dirname(base) != base:
                base = os.path.dirname(base)
            bases[folder] = base
        if base in script_dirs and (name := _dotted(path, base)) is not None:
            yield name, path


class ImportGraph:
    """The project's modules and the resolved imports of each."""

    def __init__(self, nodes: Iterable[Node], facts: dict[str, tuple[ImportFact, ...]]) -> None:
        self.nodes: dict[str, Node] = {}
        self._by_name: dict[str, list[str]] = {}
        self._by_alias: dict[str, list[str]] = {}
        for node in sorted(nodes, key=lambda n: n.path):
            self.nodes[node.path] = node
            self._by_name.setdefault(node.module, []).append(node.path)
            if node.name != node.module:
                self._by_alias.setdefault(node.name, []).append(node.path)
        for alias, path in _script_names(self.nodes):
            if alias != self.nodes[path].module and alias != self.nodes[path].name:
                self._by_alias.setdefault(alias, []).append(path)
        self._stdlib = stdlib_modules()
        self._unique: dict[str, str | None] = {}
        self.imports: dict[str, tuple[Import, ...]] = {
            path: tuple(self._resolve(self.nodes[path], fact) for fact in facts.get(path, ()))
            for path in self.nodes
        }

    @classmethod
    def of(cls, project: ProjectFacts) -> ImportGraph:
        files = [
            f
            for f in project.python_files()
            if f.path.endswith(".py")
            and f.module
            and not is_test_module(f.module, f.path, project.root)
        ]
        names = _package_names([f.path for f in files])
        nodes = [
            Node(
                f.path,
                names.get(f.path, f.module),
                os.path.basename(f.path) == _INIT,
                f.module,
            )
            for f in files
        ]
        return cls(nodes, {f.path: f.imports for f in files})

    def _named(self, dotted: str, importer: str) -> str | None:
        """The file an absolute dotted name denotes, for ``importer``; ``None`` if none."""
        if dotted in self._unique:
            return self._unique[dotted]
        found = self._by_name.get(dotted)
        aliased = self._by_alias.get(dotted)
        if aliased and dotted.partition(".")[0] not in self._stdlib:
            found = [*found, *aliased] if found else aliased
        if not found or len(found) == 1:
            unique = found[0] if found else None
            self._unique[dotted] = unique
            return unique
        return max(found, key=lambda p: (_common_length(p, importer), p == importer, p))

    def _at(self, folder: str, parts: list[str]) -> str | None:
        """The file of module ``parts`` below ``folder`` (a module or a package)."""
        base = os.path.join(folder, *parts)
        candidates = (
            (base + ".py", os.path.join(base, _INIT)) if parts else (os.path.join(base, _INIT),)
        )
        for candidate in candidates:
            if candidate in self.nodes:
                return candidate
        return None

    # -- resolution ----------------------------------------------------------------------------

    def _resolve(self, node: Node, fact: ImportFact) -> Import:
        if fact.level:
            return self._resolve_relative(node, fact)
        if not fact.names:
            target = self._longest(fact.module, node.path)
            return Import(fact, (fact.module,), (target,) if target else ())
        names = tuple(f"{fact.module}.{n}" if n != "*" else fact.module for n in fact.names)
        targets: list[str] = []
        base: str | None = None
        for name, imported in zip(fact.names, names, strict=True):
            target = self._named(imported, node.path) if name != "*" else None
            if target is None:
                if base is None:
                    base = self._longest(fact.module, node.path) or ""
                target = base or None
            if target is not None and target not in targets:
                targets.append(target)
        return Import(fact, names, tuple(targets))

    def _longest(self, dotted: str, importer: str) -> str | None:
        """The file of ``dotted``, or of its nearest existing package."""
        parts = dotted.split(".")
        for size in range(len(parts), 0, -1):
            found = self._named(".".join(parts[:size]), importer)
            if found is not None:
                return found
        return None

    def _resolve_relative(self, node: Node, fact: ImportFact) -> Import:
        folder = os.path.dirname(node.path)
        for _ in range(fact.level - 1):
            folder = os.path.dirname(folder)
        parts = fact.module.split(".") if fact.module else []
        base_name = absolute_module(node.name, fact.level, fact.module, node.is_package)
        names = tuple(
            f"{base_name}.{n}" if base_name and n != "*" else (base_name or n) for n in fact.names
        ) or (base_name,)
        base: str | None = None
        for size in range(len(parts), -1, -1):
            base = self._at(folder, parts[:size])
            if base is not None:
                break
        targets: list[str] = []
        for name in fact.names or ():
            target = self._at(folder, [*parts, name]) if name != "*" else None
            target = target or base
            if target is not None and target not in targets:
                targets.append(target)
        if not fact.names and base is not None:
            targets.append(base)
        return Import(fact, names, tuple(targets))

    # -- queries ---------------------------------------------------------------------------------

    def is_ancestor(self, package: str, module: str) -> bool:
        """Whether ``package`` is a package containing ``module`` (importing it is implied)."""
        node = self.nodes[package]
        if not node.is_package:
            return False
        folder = os.path.dirname(package)
        return module != package and module.startswith(folder + os.sep)

    def edges(
        self, path: str, *, function: bool = True, type_checking: bool = False
    ) -> Iterator[tuple[Import, str]]:
        """Each (import, target) of a module, leaving out imports of its own packages and,
        unless asked, imports inside functions and under ``if TYPE_CHECKING:``."""
        for item in self.imports[path]:
            if (
                (item.fact.in_function and not function)
                or (item.fact.type_checking and not type_checking)
                or script_only(item.fact)
            ):
                continue
            for target in item.targets:
                if target != path and not self.is_ancestor(target, path):
                    yield item, target
