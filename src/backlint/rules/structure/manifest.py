"""BK601 missing-manifest: third-party imports, and nothing that declares dependencies."""

from __future__ import annotations

import os
from collections.abc import Iterator

from backlint.data.import_names import stdlib_modules
from backlint.diagnostics import Diagnostic, Position
from backlint.facts import ImportFact
from backlint.manifests import ManifestKind, Span
from backlint.project import FileResult, ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.structure.names import (
    OTHER_MANIFESTS,
    is_test_file,
    listed_files,
    relative_parts,
)

# Where a service starts: the import that shows the dependency is reported there first.
_ENTRY_POINTS = ("main.py", "app.py", "manage.py", "wsgi.py", "asgi.py", "__main__.py")


def _first_party(project: ProjectFacts) -> frozenset[str]:
    """Every folder and module name of the project: none of them comes from PyPI."""
    names: set[str] = set()
    for path in project.files:
        parts = relative_parts(path, project.root)
        names.update(parts[:-1])
        if parts:
            names.add(os.path.splitext(parts[-1])[0])
    return frozenset(names)


def _third_party(fact: ImportFact, local: frozenset[str], stdlib: frozenset[str]) -> bool:
    if fact.level or not fact.module or fact.type_checking or fact.guarded:
        return False
    top = fact.module.split(".", 1)[0]
    return top not in stdlib and top not in local and top != "__future__"


class MissingManifest(ProjectRule):
    """
    ## What it does
    Checks that a project whose code imports third-party packages declares its
    dependencies somewhere: a requirements file (`requirements*.txt`, `requirements/*.txt`,
    `requirements*.in`), a `pyproject.toml` with dependencies (PEP 621, optional
    dependencies, dependency groups or Poetry), `setup.cfg`'s `install_requires`, or a
    `setup.py`. Reported once: at `pyproject.toml` when there is one (it declares nothing),
    else at the first third-party import of the service's entry module (`main.py`,
    `app.py`, `manage.py`, ...).

    Imports in test files, under `if TYPE_CHECKING:` or guarded by `except ImportError`
    do not count, and neither do the standard library and the project's own modules.
    When discovery lists files it does not check, a `Pipfile`, a conda `environment.yml`
    or a lock file (`poetry.lock`, `uv.lock`, `pdm.lock`) counts as a manifest too.

    ## Why is this bad?
    Seed 000 (Python backend rules) makes `requirements.txt` a build-critical file, and
    seed 001 asks to "maintain a clear requirements.txt or pyproject.toml"; seed 002 reads
    the package manager from these files. Without one, nobody (a colleague, CI, the
    container build) can install what the code needs, and BK104 cannot tell which imports
    are undeclared.

    ## Example
    ```text
    app/main.py        # import fastapi
    app/models.py      # import sqlalchemy
    (no requirements.txt, no pyproject.toml)
    ```

    ## Use instead
    ```text
    # requirements.txt
    fastapi>=0.110
    sqlalchemy>=2.0
    ```

    ## Fix safety
    There is no fix: the versions to require are a choice for the project.
    """

    code = "BK601"
    name = "missing-manifest"
    family = "structure"
    summary = "No dependency manifest"
    seed = "000"
    fix_availability = FixAvailability.NONE

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        manifests = list(project.manifests())
        if any(m.kind is ManifestKind.REQUIREMENTS or m.requirements for m in manifests) or any(
            os.path.basename(path) == "setup.py" for path in project.files
        ):
            return
        if any(os.path.basename(p) in OTHER_MANIFESTS for p in listed_files(project) or ()):
            return
        local = _first_party(project)
        stdlib = stdlib_modules()
        found: list[tuple[FileResult, ImportFact]] = []
        for file in project.python_files():
            if file.path.endswith(".pyi") or is_test_file(file.path, project.root):
                continue
            for fact in sorted(file.imports, key=lambda f: (f.row, f.column)):
                if _third_party(fact, local, stdlib):
                    found.append((file, fact))
                    break
        if not found:
            return
        file, fact = min(found, key=lambda item: self._rank(item[0], project.root))
        top = fact.module.split(".", 1)[0]
        message = (
            f"No manifest declares the project's dependencies (`{top}` is imported): add a "
            "requirements.txt, or dependencies to pyproject.toml"
        )
        pyproject = sorted(m.path for m in manifests if m.kind is ManifestKind.PYPROJECT)
        if pyproject:
            at = Position(1, 1)
            yield self.diagnostic(pyproject[0], Span(at, at), message)
            return
        keyword = "from" if fact.names else "import"
        start = Position(fact.row, fact.column)
        yield self.diagnostic(
            file.path, Span(start, Position(fact.row, fact.column + len(keyword))), message
        )

    @staticmethod
    def _rank(file: FileResult, root: str) -> tuple[int, int, str]:
        name = os.path.basename(file.path)
        entry = _ENTRY_POINTS.index(name) if name in _ENTRY_POINTS else len(_ENTRY_POINTS)
        return entry, len(relative_parts(file.path, root)), file.path
