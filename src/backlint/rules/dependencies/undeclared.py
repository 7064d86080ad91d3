"""BK104 undeclared-dependency: a third-party import that no manifest of the project declares."""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename

from backlint.data.import_names import (
    ImportNameTable,
    import_name_table,
    installed_import_names,
    stdlib_modules,
)
from backlint.diagnostics import Diagnostic, Edit, Fix, Position
from backlint.facts import ImportFact
from backlint.manifests import Manifest, ManifestKind, Requirement, Span
from backlint.project import FileResult, ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.dependencies.options import requirements_options

# Files whose imports are not the project's runtime dependencies: stubs are never imported
# at run time, setup.py needs the build backend's requirements ([build-system]), and nox
# runs noxfile.py in its own environment.
_SKIPPED_NAMES = frozenset({"setup.py", "noxfile.py"})
_INIT_NAMES = frozenset({"__init__.py", "__init__.pyi"})
_TEST_DIRS = frozenset({"tests", "test"})
# A manifest named like this holds test or development requirements.
_DEV_MANIFEST = re.compile(r"^requirements[-_.]?(dev|test)", re.IGNORECASE)
_DEV_IN_DIR = re.compile(r"^(dev|test)", re.IGNORECASE)
# Google's clients version their modules (``pubsub_v1``, ``tasks_v2beta3``); the distribution
# name never carries the version.
_API_VERSION = re.compile(r"_v\d+(?:p\d+)?(?:alpha\d*|beta\d*)?$")
_ARCHIVE = re.compile(r"^(?P<name>.+?)-\d[^/]*\.(?:tar\.gz|tgz|tar\.bz2|tar\.xz|tar|zip)$")
# Few enough manifests to name them all in the message.
_NAMED_MANIFESTS = 3


@dataclass(frozen=True, slots=True)
class Resolution:
    """What one import needs declared.

    ``shown`` is the import as the message names it (the top-level name, or the dotted name
    inside a namespace package); ``suggested`` the distribution to declare; ``satisfiers``
    every canonical distribution name whose declaration counts; ``ignorable`` the names an
    ``ignore`` entry may use to silence it.
    """

    shown: str
    suggested: str
    satisfiers: frozenset[str]
    ignorable: frozenset[str]


def _longest_prefix(dotted: str, keys: Collection[str]) -> str | None:
    parts = dotted.split(".")
    for size in range(len(parts), 0, -1):
        prefix = ".".join(parts[:size])
        if prefix in keys:
            return prefix
    return None


def namespace_depth(dotted: str, table: ImportNameTable) -> int | None:
    """How many parts of ``dotted`` name a distribution, if it lies in a namespace package."""
    found = _longest_prefix(dotted, table.namespaces.keys())
    return table.namespaces[found] if found is not None else None


def imported_names(fact: ImportFact, table: ImportNameTable) -> list[str]:
    """The absolute dotted names an import brings in, as far as distributions can tell.

    In a namespace package the imported names matter (``from google.cloud import storage``
    imports ``google.cloud.storage``); elsewhere the module alone decides.
    """
    if fact.level > 0 or not fact.module:
        return []
    if fact.names and namespace_depth(fact.module, table) is not None:
        return [f"{fact.module}.{name}" for name in fact.names if name != "*"] or [fact.module]
    return [fact.module]


def _python_variants(name: str) -> set[str]:
    # Real projects spell the same import several ways (python-ldap, pyserial, dateutil and
    # python-dateutil...); any of them declared means the author meant to declare it.
    return {f"python-{name}", f"py-{name}", f"py{name}", f"{name}-python", f"{name}-py"}


def resolve(
    dotted: str,
    table: ImportNameTable,
    import_map: Mapping[str, str],
    installed: Mapping[str, tuple[str, ...]],
) -> Resolution | None:
    """Which distributions provide ``dotted``, or ``None`` if it cannot be told.

    In order of preference: the ``import-map`` option, the bundled table, then, inside a
    namespace package, the distribution named after the dotted prefix; elsewhere the running
    environment's mapping and the import name itself.
    """
    parts = dotted.split(".")
    top = parts[0]
    candidates: list[str] = []
    mapped = _longest_prefix(dotted, import_map.keys())
    if mapped is not None:
        candidates.append(canonicalize_name(import_map[mapped]))
    known = _longest_prefix(dotted, table.distributions.keys())
    listed = table.distributions[known] if known is not None else ()
    candidates.extend(listed)
    depth = namespace_depth(dotted, table)
    satisfiers: set[str] = set()
    if depth is not None:
        if len(parts) < depth and known is None and mapped is None:
            return None  # `import google` alone names no distribution
        shown = ".".join(parts[:depth])
        if known is not None and len(known) > len(shown):
            shown = known
        if len(parts) >= depth:
            leaf = _API_VERSION.sub("", parts[depth - 1])
            candidates.append(canonicalize_name("-".join([*parts[: depth - 1], leaf])))
            candidates.append(canonicalize_name("-".join(parts[:depth])))
        # An umbrella distribution a level up (google-cloud, azure-storage) installs it too.
        satisfiers.update(canonicalize_name("-".join(parts[:size])) for size in range(2, depth))
    else:
        shown = top
        candidates.extend(installed.get(top, ()))
        own = canonicalize_name(top)
        candidates.append(own)
        satisfiers.update(_python_variants(own))
    if not candidates:
        return None
    satisfiers.update(candidates)
    return Resolution(
        shown=shown,
        suggested=candidates[0],
        satisfiers=frozenset(satisfiers),
        ignorable=frozenset({shown, top, *candidates[:1], *listed}),
    )


def _collapsed(name: str) -> str:
    return name.replace("-", "")


@dataclass(frozen=True, slots=True)
class Declared:
    """The distributions the project's manifests declare, in canonical form."""

    names: frozenset[str]
    collapsed: frozenset[str]
    words: tuple[frozenset[str], ...] = ()

    @classmethod
    def of(cls, requirements: Iterable[Requirement], table: ImportNameTable) -> Declared:
        names = {name for r in requirements if (name := _declared_name(r)) is not None}
        # Distributions that a declared one documents as part of its own interface.
        names |= {
            child
            for child, parents in table.provided_by.items()
            if any(canonicalize_name(p) in names for p in parents)
        }
        words = tuple(frozenset(n.split("-")) for n in names)
        return cls(frozenset(names), frozenset(_collapsed(n) for n in names), words)

    def satisfies(self, resolution: Resolution) -> bool:
        if any(
            name in self.names or _collapsed(name) in self.collapsed
            for name in resolution.satisfiers
        ):
            return True
        # No table can list every distribution whose name differs from its import: when a
        # declared distribution's name holds every word of a several-word import name
        # (`strawberry_django` and strawberry-graphql-django, `timezone_field` and
        # django-timezone-field), it is taken to provide it. A one-word import must match
        # exactly: flask-sqlalchemy does not declare `sqlalchemy`, it depends on it.
        wanted = frozenset(canonicalize_name(resolution.shown).split("-"))
        if "." in resolution.shown or len(wanted) < 2:
            return False
        return any(wanted <= words for words in self.words)


def _declared_name(requirement: Requirement) -> str | None:
    if requirement.canonical_name:
        return requirement.canonical_name
    if requirement.name:
        return canonicalize_name(requirement.name)
    return _location_name(requirement.url or requirement.text)


def _location_name(location: str) -> str | None:
    """The distribution a path or URL without ``#egg=`` most likely installs.

    ``./libs/billing``, ``git+https://host/org/billing.git@v2`` and
    ``https://host/billing-1.0.tar.gz`` all name ``billing``. Only ever used to accept an
    import, never to report one, so a wrong guess cannot cause a false report.
    """
    text = location.strip()
    if text.startswith(("-e ", "--editable ")):
        text = text.split(None, 1)[1] if len(text.split(None, 1)) > 1 else ""
    text = text.split("#", 1)[0].split("?", 1)[0].rstrip("/\\")
    segment = re.split(r"[/\\]", text)[-1]
    if "://" not in text and "@" in segment:
        segment = segment.split("@", 1)[0]
    elif "@" in segment:
        segment = segment.rsplit("@", 1)[0]
    segment = segment.removesuffix(".git")
    if segment.endswith(".whl"):
        try:
            return str(parse_wheel_filename(segment)[0])
        except InvalidWheelFilename:
            return None
    archive = _ARCHIVE.match(segment)
    if archive is not None:
        segment = archive.group("name")
    if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", segment):
        return None
    return canonicalize_name(segment)


def declaring_manifests(manifests: Iterable[Manifest]) -> list[Manifest]:
    """The manifests that declare dependencies, sorted by path.

    Every requirements file counts, empty or not, except constraint files (reached only
    through ``-c``: they restrict versions and declare nothing). A pyproject.toml counts when
    it declares at least one requirement: one that only configures tools is not a manifest.
    """
    manifests = list(manifests)
    constrained = {i.resolved for m in manifests for i in m.includes if i.constraint}
    required = {i.resolved for m in manifests for i in m.includes if not i.constraint}
    constraint_files = constrained - required
    kept = [
        m
        for m in manifests
        if (m.kind is ManifestKind.REQUIREMENTS and m.path not in constraint_files)
        or (m.kind in (ManifestKind.PYPROJECT, ManifestKind.SETUP_CFG) and m.requirements)
    ]
    return sorted(kept, key=lambda m: m.path)


def _parts(path: str, base: str) -> list[str] | None:
    """``path``'s components below ``base``, or ``None`` if it does not lie below it.

    Both are absolute and normalised (discovery guarantees it), so a prefix test is exact.
    """
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not path.startswith(prefix) or len(path) == len(prefix):
        return None
    return path[len(prefix) :].split(os.sep)


def _top_name(parts: list[str]) -> str | None:
    """The import name of the first of ``parts`` (a module file when it is the only one)."""
    if not parts:
        return None
    head = parts[0]
    if len(parts) == 1:
        head = head.split(".", 1)[0]
        if head == "__init__":
            return None
    return head if head.isidentifier() else None


def is_test_file(path: str, root: str) -> bool:
    """Test modules by pytest's conventions, or anything under a ``tests``/``test`` folder."""
    name = os.path.basename(path)
    if name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py":
        return True
    parts = _parts(path, root) or []
    return any(part in _TEST_DIRS for part in parts[:-1])


@dataclass(frozen=True, slots=True)
class FirstParty:
    """The project's own import names.

    ``names`` hold everywhere (top-level names, or dotted ones from ``known-first-party``);
    ``beside`` holds, per folder that is not a package, the names a script in it imports from
    next to it (Python puts a script's own folder first on ``sys.path``); ``for_tests`` holds
    the folders of test files, which test runners put on ``sys.path`` for tests only.
    """

    names: frozenset[str]
    beside: Mapping[str, frozenset[str]]
    for_tests: frozenset[str] = frozenset()
    loose: frozenset[str] = frozenset()

    def contains(self, dotted: str, path: str, *, test: bool = False) -> bool:
        parts = dotted.split(".")
        if parts[0] in self.beside.get(os.path.dirname(path), ()):
            return True
        # Tests put modules of the project that live outside any package on `sys.path`
        # themselves (a docs extension folder, a settings file copied to a temporary folder
        # and imported by its own name): such an import is the project's, not PyPI's.
        if test and (parts[0] in self.loose or parts[0] == _stem(path)):
            return True
        if test and parts[0] in self.for_tests:
            return True
        return any(".".join(parts[:size]) in self.names for size in range(1, len(parts) + 1))

    @classmethod
    def of(
        cls,
        paths: Collection[str],
        roots: Iterable[str],
        project_root: str,
        known: Iterable[str] = (),
    ) -> FirstParty:
        packages = {os.path.dirname(p) for p in paths if os.path.basename(p) in _INIT_NAMES}
        names: set[str] = set(known)
        beside: dict[str, set[str]] = {
            os.path.dirname(p): set() for p in paths if os.path.dirname(p) not in packages
        }
        for_tests: set[str] = set()
        root_list = sorted(set(roots))
        for path in paths:
            # Each source root (the project root, `src`, each manifest's folder) holds
            # top-level modules and packages, with or without `__init__.py`.
            for root in root_list:
                parts = _parts(path, root)
                if parts is not None and (name := _top_name(parts)) is not None:
                    names.add(name)
            # The top of a package chain is importable from the first folder above it that is
            # not a package (`services/api/app/` from `services/api`).
            if os.path.dirname(path) in packages:
                base = os.path.dirname(path)
                while base in packages and os.path.dirname(base) != base:
                    base = os.path.dirname(base)
                parts = _parts(path, base)
                if parts is not None and (name := _top_name(parts)) is not None:
                    names.add(name)
            # A script sees every module and folder next to it (and so does every script of
            # each folder above it, through the folder's name).
            folder = os.path.dirname(path)
            while True:
                found = beside.get(folder)
                if found is not None and (name := _top_name(_parts(path, folder) or [])):
                    found.add(name)
                parent = os.path.dirname(folder)
                if parent == folder:
                    break
                folder = parent
            # `from tests.factories import ...`: the folders of a test file.
            if is_test_file(path, project_root):
                for_tests.update(
                    part for part in (_parts(path, project_root) or [])[:-1] if part.isidentifier()
                )
        loose = {
            _stem(p)
            for p in paths
            if os.path.dirname(p) not in packages and _stem(p).isidentifier()
        }
        return cls(
            frozenset(names),
            {f: frozenset(n) for f, n in beside.items()},
            frozenset(for_tests),
            frozenset(loose),
        )


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def source_roots(
    project: ProjectFacts, context: RuleContext, manifests: Iterable[Manifest]
) -> set[str]:
    """Folders whose children are top-level import names.

    The configured ``src`` (by default the project root and its ``src``), the project root
    itself, and each manifest's folder with its ``src``: a service in a subfolder with its own
    requirements file runs from that folder.
    """
    roots = {os.path.normpath(s) for s in context.src}
    roots.add(os.path.normpath(project.root))
    for manifest in manifests:
        folder = os.path.dirname(manifest.path)
        if os.path.basename(folder) == "requirements":
            folder = os.path.dirname(folder)
        roots.update({folder, os.path.join(folder, "src")})
    roots.add(os.path.join(os.path.normpath(project.root), "src"))
    return roots


def _relative(path: str, root: str) -> str:
    parts = _parts(path, root)
    return "/".join(parts) if parts is not None else path


class UndeclaredDependency(ProjectRule):
    """
    ## What it does
    Checks that every third-party package the code imports is declared by a manifest of the
    project: a requirements file (any of them, development and test files included) or a
    dependency list of pyproject.toml (`[project]`, optional dependencies, dependency groups,
    Poetry). The import is reported where it is written, once per distribution and file.

    An import needs a declaration when it is not part of the standard library (of any
    supported Python version), not relative, and not the project's own code. Imports under
    `if TYPE_CHECKING:` and inside `try: ... except ImportError:` do not need one; imports
    inside functions do, since they run.

    The project's own code is every top-level module and package under the project root,
    under each folder in `src`, and under each manifest's folder (and its `src`), with or
    without `__init__.py`; the outermost package of every chain of packages; the names listed
    in `known-first-party`; for a script in a folder that is not a package, the modules and
    folders beside it; and, for test files, the folders they sit in (test runners put them on
    `sys.path`).

    The distribution an import needs comes from a bundled table of import names that differ
    from their distribution (`yaml` is PyYAML, `PIL` is Pillow, `jwt` is PyJWT,
    `google.cloud.storage` is google-cloud-storage, ...), then from the distributions
    installed alongside backlint, then from the import name itself. When several
    distributions provide one import (`psycopg2` and `psycopg2-binary`, the four OpenCV
    wheels), declaring any of them is enough, and so is a `python-`/`py` spelling of the
    import name (`python-hl7` for `hl7`). A few distributions count as declared through
    the one whose documented interface they are: `starlette` through `fastapi`, and
    `pydantic-core`, `annotated-types` and `typing-extensions` through `pydantic`.

    A project with no manifest at all is not checked (BK601 reports that), and constraint
    files (`-c`) declare nothing. Stub files, `setup.py` and `noxfile.py` are not checked.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 2: "requirements.txt MUST list ALL packages". An
    import that works only because the package happens to be installed, directly or as a
    dependency of something else, breaks the first clean install: in CI, in the container
    build, on a colleague's machine.

    ## Example
    ```python
    import yaml  # requirements.txt lists fastapi and uvicorn only
    ```

    ## Use instead
    ```text
    fastapi>=0.110
    uvicorn[standard]>=0.29
    pyyaml>=6.0
    ```

    ## Fix safety
    The fix appends the distribution's name, without a version, as a new line of the
    requirements file where it belongs (a development or test requirements file for test
    code, else the main one); the diagnostic stays at the import. It is unsafe: the version
    to require is a choice for the project, and installing a new package changes the
    environment. When the declaration belongs in pyproject.toml there is no fix yet.

    ## Options
    - `requirements.known-first-party`: import names that are the project's own.
    - `requirements.import-map`: import name to distribution, for names the table lacks.
    - `requirements.ignore`: `{ BK104 = ["boto3"] }` leaves a distribution or import alone.
    """

    code = "BK104"
    name = "undeclared-dependency"
    family = "dependencies"
    summary = "Undeclared dependency"
    seed = "000"
    fix_availability = FixAvailability.SOMETIMES

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        manifests = declaring_manifests(project.manifests())
        if not manifests:
            return
        options = requirements_options(context)
        table = import_name_table()
        installed = installed_import_names()
        stdlib = stdlib_modules()
        declared = Declared.of(
            (r for m in manifests for r in m.requirements if not r.constraint), table
        )
        python_paths = [f.path for f in project.python_files()]
        first_party = FirstParty.of(
            python_paths,
            source_roots(project, context, manifests),
            project.root,
            options.known_first_party,
        )
        checked = self._checked(manifests, project.root)
        for file in sorted(project.python_files(), key=lambda f: f.path):
            if file.path.endswith(".pyi") or os.path.basename(file.path) in _SKIPPED_NAMES:
                continue
            reported: set[str] = set()
            test = is_test_file(file.path, project.root)
            for fact in sorted(file.imports, key=lambda f: (f.row, f.column)):
                if fact.type_checking or fact.guarded:
                    continue
                for dotted in imported_names(fact, table):
                    top = dotted.split(".", 1)[0]
                    if top in stdlib or first_party.contains(dotted, file.path, test=test):
                        continue
                    resolution = resolve(dotted, table, options.import_map, installed)
                    if resolution is None or resolution.suggested in reported:
                        continue
                    if declared.satisfies(resolution):
                        continue
                    if any(options.ignored(self.code, n) for n in resolution.ignorable):
                        continue
                    reported.add(resolution.suggested)
                    yield self._report(file, fact, resolution, checked, manifests, project.root)

    @staticmethod
    def _checked(manifests: list[Manifest], root: str) -> str:
        if len(manifests) > _NAMED_MANIFESTS:
            return f"{len(manifests)} manifests"
        return ", ".join(f"`{_relative(m.path, root)}`" for m in manifests)

    def _report(
        self,
        file: FileResult,
        fact: ImportFact,
        resolution: Resolution,
        checked: str,
        manifests: list[Manifest],
        root: str,
    ) -> Diagnostic:
        keyword = "from" if fact.names else "import"
        start = Position(fact.row, fact.column)
        span = Span(start, Position(fact.row, fact.column + len(keyword)))
        manifest = _target_manifest(manifests, file.path, root)
        target = _relative(manifest.path, root)
        return self.diagnostic(
            file.path,
            span,
            f"`{resolution.shown}` is imported but `{resolution.suggested}` is not declared "
            f"in any manifest (checked {checked})",
            fix=_append_fix(manifest, resolution.suggested, target),
            help=f"Add `{resolution.suggested}` to `{target}`",
        )


def _append_fix(manifest: Manifest, name: str, shown: str) -> Fix | None:
    """Append ``name`` as a new last line of a requirements file, in the file's style."""
    if manifest.kind is not ManifestKind.REQUIREMENTS or manifest.end is None:
        return None
    newline = manifest.newline
    content = f"{name}{newline}" if manifest.ends_with_newline else f"{newline}{name}{newline}"
    edit = Edit(manifest.end, manifest.end, content, path=manifest.path)
    return Fix.unsafe(f"Add `{name}` to `{shown}`", [edit])


def _target_manifest(manifests: list[Manifest], path: str, root: str) -> Manifest:
    """Where a declaration belongs: a test requirements file for tests, else the main one."""
    test = is_test_file(path, root)
    top = os.path.normpath(root)

    def rank(manifest: Manifest) -> tuple[int, int, int, str]:
        name = os.path.basename(manifest.path)
        folder = os.path.dirname(manifest.path)
        in_folder = os.path.basename(folder) == "requirements"
        dev = bool(_DEV_MANIFEST.match(name) or (in_folder and _DEV_IN_DIR.match(name)))
        at_root = folder == top or (in_folder and os.path.dirname(folder) == top)
        # A requirements file for the same kind of code first, then pyproject.toml.
        role = 1 if manifest.kind is ManifestKind.PYPROJECT else (0 if dev == test else 2)
        # pip-tools compiles requirements.txt from requirements.in: the .in file is the source.
        main = name in ("requirements.in", "requirements.txt") or dev
        return (role, 0 if at_root else 1, 0 if main else 1, manifest.path)

    return min(manifests, key=rank)
