"""Which layer each module belongs to: inferred from the seeds' layouts, or configured.

Inferred layers (top to bottom), each named after the package names that put a module in it:

1. ``api``: ``api``, ``routes``, ``endpoints``, ``views``, ``routers``
2. ``services``: ``services``, ``application``
3. ``data access``: ``repositories``, ``crud``, ``infrastructure``
4. ``domain``: ``models``, ``db``, ``domain``
5. ``shared``: ``core``, ``config``, ``utils``

A package is *layered* when its direct children (modules or packages) carry the names of at
least two of the first four layers: ``app/`` with ``api/``, ``services/`` and ``models/``;
a Django app with ``views.py`` and ``models.py``. A module belongs to the layer named by the
child of the outermost layered package above it (``app.api.v1.endpoints.users`` is in
``api`` through ``app.api``; ``app.infrastructure.db.models`` in ``repositories`` through
``app.infrastructure``). Other children (``app.schemas``) are outside every layer, and so is
everything in a package that is not layered.

Composition roots (``main``, ``__main__``, ``bootstrap``, ``wsgi``, ``asgi``, ``manage`` and
``urls`` modules, and everything under a ``workers`` or ``cli`` package, when no layer holds
them; ``init_db`` and ``initial_data`` modules wherever they are) wire the layers together:
they may import anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from backlint.rules.layers.graph import ImportGraph
from backlint.rules.layers.options import IMPORT_ARROW, LayersOptions, split_layer

DEFAULT_LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("api", ("api", "routes", "endpoints", "views", "routers")),
    ("services", ("services", "application")),
    ("data access", ("repositories", "crud", "infrastructure")),
    ("domain", ("models", "db", "domain")),
    ("shared", ("core", "config", "utils")),
)
SHARED = len(DEFAULT_LAYERS) - 1
DOMAIN = SHARED - 1
SHARED_MAY_IMPORT = frozenset({2, 3})
_ROLE = {segment: index for index, (_, names) in enumerate(DEFAULT_LAYERS) for segment in names}
ROOT_MODULES = frozenset({"main", "__main__", "bootstrap", "wsgi", "asgi", "manage", "urls"})
ROOT_PACKAGES = frozenset({"workers", "cli"})
# Scripts that fill a new database through the app's own code, wherever they sit
# (`app/db/init_db.py` creating the first user through `app.crud`).
SEED_MODULES = frozenset({"init_db", "initial_data"})

# What a domain or service module must not import: the HTTP framework's request, response,
# dependency-injection and error objects, and the web framework's auth state.
HTTP_OBJECTS: tuple[str, ...] = (
    "fastapi.Request",
    "fastapi.Response",
    "fastapi.Depends",
    "fastapi.Security",
    "fastapi.HTTPException",
    "fastapi.WebSocket",
    "fastapi.requests",
    "fastapi.responses",
    "fastapi.security",
    "fastapi.params.Depends",
    "fastapi.exceptions.HTTPException",
    "starlette.requests",
    "starlette.responses",
    "starlette.websockets",
    "starlette.exceptions.HTTPException",
    "flask.request",
    "flask.Request",
    "flask.Response",
    "flask.session",
    "flask.g",
    "flask.abort",
    "flask.make_response",
    "flask.jsonify",
    "flask_login.current_user",
    "werkzeug.exceptions",
    "werkzeug.wrappers",
    "django.http",
    "rest_framework.request",
    "rest_framework.response",
)
# What a domain module must not import besides: the ORM's unit of work, which belongs to the
# repositories that the composition root hands a session to.
ORM_SESSIONS: tuple[str, ...] = (
    "sqlalchemy.orm.Session",
    "sqlalchemy.orm.session",
    "sqlalchemy.orm.sessionmaker",
    "sqlalchemy.orm.scoped_session",
    "sqlalchemy.ext.asyncio.AsyncSession",
    "sqlalchemy.ext.asyncio.async_sessionmaker",
    "sqlalchemy.ext.asyncio.async_scoped_session",
    "sqlmodel.Session",
)


def default_banned(segment: str) -> tuple[str, ...]:
    """The default banned imports of a module placed through a package named ``segment``."""
    role = _ROLE.get(segment)
    if segment == "domain":
        return HTTP_OBJECTS + ORM_SESSIONS
    if role in (1, 3):
        return HTTP_OBJECTS
    return ()


def glob_pattern(glob: str) -> re.Pattern[str]:
    """A module glob as a regular expression: ``*`` one part, ``**`` one or more parts."""
    parts = []
    for part in glob.split("."):
        if part == "**":
            parts.append(r"[^.]+(?:\.[^.]+)*")
        elif part == "*":
            parts.append(r"[^.]+")
        else:
            parts.append(re.escape(part))
    return re.compile(r"\.".join(parts) + r"\Z")


def _prefixes(name: str) -> list[str]:
    """``a.b.c`` -> ``["a.b.c", "a.b", "a"]``."""
    parts = name.split(".")
    return [".".join(parts[:size]) for size in range(len(parts), 0, -1)]


@dataclass(frozen=True, slots=True)
class Layer:
    """One layer: its position (0 is the top), its name and its siblings."""

    index: int
    name: str
    siblings: tuple[str, ...]
    independent: bool = False
    # Layers above this one that it may import all the same (by index).
    may_import: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a module sits: its layer, its sibling within it, and the package placing it."""

    layer: int
    sibling: str
    package: str
    bit: int


@dataclass(frozen=True, slots=True)
class ImportIgnore:
    importer: re.Pattern[str]
    imported: re.Pattern[str]


class Layering:
    """The layers in force for a project and the place of each of its modules."""

    def __init__(
        self,
        source: Literal["inferred", "configured"],
        layers: Sequence[Layer],
        placements: Mapping[str, Placement],
        roots: frozenset[str],
        banned: Mapping[str, tuple[str, ...]],
        ignores: Sequence[ImportIgnore] = (),
        type_checking: bool = False,
    ) -> None:
        self.source = source
        self.layers = tuple(layers)
        self.placements = placements
        self.roots = roots
        self.banned = banned
        self.ignores = tuple(ignores)
        self.type_checking = type_checking
        bits: dict[tuple[int, str], int] = {}
        for layer in self.layers:
            for sibling in layer.siblings:
                bits[(layer.index, sibling)] = 1 << len(bits)
        self._bits = bits
        self._forbidden: dict[int, int] = {}

    def bit(self, layer: int, sibling: str) -> int:
        return self._bits[(layer, sibling)]

    def forbidden(self, placement: Placement) -> int:
        """The bits of the layers a module of ``placement`` must not depend on."""
        mask = self._forbidden.get(placement.bit)
        if mask is None:
            mask = 0
            layer = self.layers[placement.layer]
            for (index, sibling), bit in self._bits.items():
                if index in layer.may_import:
                    continue
                if index < placement.layer or (
                    layer.independent and index == placement.layer and sibling != placement.sibling
                ):
                    mask |= bit
            self._forbidden[placement.bit] = mask
        return mask

    def layer_name(self, placement: Placement) -> str:
        layer = self.layers[placement.layer]
        return placement.sibling if len(layer.siblings) > 1 else layer.name

    def ignored(self, importer: str, imported: str) -> bool:
        return any(i.importer.match(importer) and i.imported.match(imported) for i in self.ignores)


def _is_root(name: str) -> bool:
    parts = name.split(".")
    return parts[-1] in ROOT_MODULES | SEED_MODULES or any(p in ROOT_PACKAGES for p in parts)


def _ignores(options: LayersOptions) -> list[ImportIgnore]:
    ignores = []
    for entry in options.ignore_imports:
        importer, _, imported = entry.partition(IMPORT_ARROW)
        ignores.append(
            ImportIgnore(glob_pattern(importer.strip()), glob_pattern(imported.strip()))
        )
    return ignores


def _configured_banned(
    names: dict[str, str], globs: Mapping[str, Sequence[str]]
) -> dict[str, tuple[str, ...]]:
    patterns = [(glob_pattern(glob), tuple(banned)) for glob, banned in globs.items()]
    found: dict[str, tuple[str, ...]] = {}
    for path, name in names.items():
        banned: list[str] = []
        for prefix in _prefixes(name):
            for pattern, listed in patterns:
                if pattern.match(prefix):
                    banned.extend(b for b in listed if b not in banned)
        if banned:
            found[path] = tuple(banned)
    return found


def infer_layering(graph: ImportGraph, options: LayersOptions | None = None) -> Layering:
    """The layering in force: configured when ``layers`` is set, else inferred."""
    options = options or LayersOptions()
    names = {path: node.name for path, node in graph.nodes.items()}
    if options.composition_roots is None:
        roots = frozenset(path for path, name in names.items() if _is_root(name))
    else:
        patterns = [glob_pattern(g) for g in options.composition_roots]
        roots = frozenset(
            path
            for path, name in names.items()
            if any(p.match(prefix) for prefix in _prefixes(name) for p in patterns)
        )
    if options.layers is not None:
        layers, placements = _configured(names, options)
        source: Literal["inferred", "configured"] = "configured"
    else:
        layers, placements = _inferred(names)
        source = "inferred"
    if options.composition_roots is None:
        # A module's layer wins over its name (`api/main.py` aggregating the routers is in
        # the API layer, `api/workers.py` serving workers' routes too): only modules outside
        # every layer are roots by name. Listed roots win over the layers.
        roots = frozenset(
            p for p in roots if p not in placements or names[p].rpartition(".")[2] in SEED_MODULES
        )
    placements = {p: placed for p, placed in placements.items() if p not in roots}
    if options.banned is not None:
        banned = _configured_banned(names, options.banned)
    else:
        banned = {}
        for path, placed in placements.items():
            listed = default_banned(placed.package.rsplit(".", 1)[-1])
            if listed:
                banned[path] = listed
    return Layering(
        source,
        layers,
        placements,
        roots,
        banned,
        _ignores(options),
        options.type_checking_imports,
    )


def layered_packages(names: Iterable[str]) -> set[str]:
    """Packages whose children name the domain layer and one of the layers above it."""
    roles: dict[str, set[int]] = {}
    for name in names:
        parts = name.split(".")
        for size in range(len(parts)):
            role = _ROLE.get(parts[size])
            if role is not None and role != SHARED:
                roles.setdefault(".".join(parts[:size]), set()).add(role)
    return {package for package, found in roles.items() if DOMAIN in found and len(found) >= 2}


def _inferred(names: Mapping[str, str]) -> tuple[list[Layer], dict[str, Placement]]:
    layers = [Layer(i, name, (name,)) for i, (name, _) in enumerate(DEFAULT_LAYERS)]
    # Shared code may use the models and the data access (a `core/db.py` creating the tables,
    # a Django app's `utils.py` querying its models); only the API and services are above it.
    layers[SHARED] = Layer(SHARED, "shared", ("shared",), may_import=SHARED_MAY_IMPORT)
    containers = layered_packages(names.values())
    placements: dict[str, Placement] = {}
    for path, name in names.items():
        parts = name.split(".")
        for size in range(len(parts)):
            if ".".join(parts[:size]) not in containers:
                continue
            role = _ROLE.get(parts[size])
            if role is not None:
                layer = DEFAULT_LAYERS[role][0]
                package = ".".join(parts[: size + 1])
                placements[path] = Placement(role, layer, package, 1 << role)
                break
    return layers, placements


def _configured(
    names: Mapping[str, str], options: LayersOptions
) -> tuple[list[Layer], dict[str, Placement]]:
    layers: list[Layer] = []
    patterns: list[tuple[re.Pattern[str], int, str]] = []
    bit = 0
    bits: dict[tuple[int, str], int] = {}
    for index, entry in enumerate(options.layers or []):
        siblings, independent = split_layer(entry)
        layers.append(Layer(index, entry, tuple(siblings), independent))
        for sibling in siblings:
            bits[(index, sibling)] = 1 << bit
            bit += 1
            globs = [f"{c}.{sibling}" for c in options.containers] or [sibling]
            patterns.extend((glob_pattern(g), index, sibling) for g in globs)
    placements: dict[str, Placement] = {}
    for path, name in names.items():
        for prefix in _prefixes(name):
            match = next(((i, s) for p, i, s in patterns if p.match(prefix)), None)
            if match is not None:
                index, sibling = match
                placements[path] = Placement(index, sibling, prefix, bits[(index, sibling)])
                break
    return layers, placements
