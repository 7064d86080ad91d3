"""BK101 bogus-python-prefix: `python-redis` where the real distribution is `redis`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from packaging.utils import canonicalize_name

from backlint.data.package_index import package_index
from backlint.diagnostics import Diagnostic, Edit, Fix
from backlint.manifests import Requirement
from backlint.project import ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.dependencies.options import requirements_options

# A real project outranks this among the 15,000 most downloaded ones: someone asking for an
# obscure `python-X` almost certainly meant it.
POPULAR_RANK = 5000


def real_name_for_python_prefix(name: str) -> str | None:
    """The distribution a ``python-X`` name should have been, or ``None`` if it is fine.

    ``python-X`` is bogus when ``X`` is a ranked (popular) project and ``python-X`` is either
    not on PyPI at all, or exists but is unranked while ``X`` is among the
    ``POPULAR_RANK`` most downloaded. A ranked ``python-X`` (python-dateutil, python-dotenv,
    python-multipart, python-jose, ...) is a real package and never bogus.
    """
    canonical = canonicalize_name(name)
    if not canonical.startswith("python-"):
        return None
    index = package_index()
    real = canonical.removeprefix("python-")
    real_rank = index.rank(real)
    if not real_rank or index.rank(canonical):
        return None
    if not index.exists(canonical):
        return real
    return real if real_rank <= POPULAR_RANK else None


@dataclass(frozen=True, slots=True)
class ReverseSlip:
    """A plain name declared where the project's code needs the ``python-`` package."""

    real: str
    evidence: tuple[str, ...]
    why: str
    safe: bool


# Declared name -> what the project must import for the slip to be certain.
REVERSE_SLIPS = {
    "dotenv": ReverseSlip(
        "python-dotenv",
        ("dotenv",),
        "`dotenv` on PyPI is a deprecated placeholder; `import dotenv` comes from python-dotenv",
        True,
    ),
    "jose": ReverseSlip(
        "python-jose",
        ("jose",),
        "`jose` on PyPI is an unrelated 2015 project; `from jose import jwt` is python-jose's API",
        True,
    ),
    "multipart": ReverseSlip(
        "python-multipart",
        ("python_multipart", "fastapi", "starlette"),
        "FastAPI and Starlette parse forms with python-multipart; `multipart` is another "
        "project that happens to share its old module name",
        False,
    ),
}


class BogusPythonPrefix(ProjectRule):
    """
    ## What it does
    Checks requirements files and pyproject.toml for distributions named `python-X` where the
    real, popular distribution is plain `X`: `python-redis` for `redis`, `python-celery` for
    `celery`, `python-mock` for `mock`.

    The decision comes from data, not from a short list: the bundled index of every PyPI
    project name with its download rank (see `docs/package-index.md`). `python-X`
    is reported when `X` is among the 15,000 most downloaded projects and `python-X` either
    does not exist on PyPI or exists but is not itself popular while `X` is among the 5,000
    most downloaded. Real `python-*` packages that are popular in their own right
    (python-dateutil, python-dotenv, python-multipart, python-jose, python-slugify,
    python-json-logger, python-socketio, python-docx, python-magic, ...) are never reported.

    It also reports the reverse slip: `dotenv`, `jose` or `multipart` declared where the
    project's code needs python-dotenv, python-jose or python-multipart (the code imports
    `dotenv` or `jose`; or uses FastAPI / Starlette, whose form parsing needs
    python-multipart).

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 1: "PACKAGE NAMING - NEVER use "python-" prefix!".
    A `python-X` name that does not exist breaks the install; one that exists but is obscure
    installs someone else's code, often a placeholder or a squatted name, instead of the
    library the code imports.

    ## Example
    ```text
    python-redis>=5.0  # cache
    ```

    ## Use instead
    ```text
    redis>=5.0  # cache
    ```

    ## Fix safety
    The fix replaces the name only, keeping extras, version specifiers, markers and comments.
    It is safe: the project's code imports the real package's modules, which the bogus name
    does not provide. Replacing `multipart` with `python-multipart` is unsafe: code that
    imports `multipart` directly may have meant the other project.
    """

    code = "BK101"
    name = "bogus-python-prefix"
    family = "dependencies"
    summary = "Bogus `python-` prefix"
    seed = "000"
    fix_availability = FixAvailability.SOMETIMES

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        options = requirements_options(context)
        imported = {
            fact.module.split(".", 1)[0]
            for file in project.python_files()
            for fact in file.imports
            if fact.level == 0
        }
        for manifest in project.manifests():
            for requirement in manifest.requirements:
                name = requirement.name
                if name is None or options.ignored(self.code, name):
                    continue
                real = real_name_for_python_prefix(name)
                if real is not None:
                    message = (
                        f"`{name}` is not the package you want: the real distribution is `{real}`"
                    )
                    yield self._report(manifest.path, requirement, message, real, safe=True)
                    continue
                slip = REVERSE_SLIPS.get(requirement.canonical_name or "")
                if slip is not None and imported.intersection(slip.evidence):
                    message = f"`{name}` should be `{slip.real}`: {slip.why}"
                    yield self._report(manifest.path, requirement, message, slip.real, slip.safe)

    def _report(
        self, path: str, requirement: Requirement, message: str, real: str, safe: bool
    ) -> Diagnostic:
        fix = None
        if requirement.name_span is not None:
            edit = Edit(requirement.name_span.start, requirement.name_span.end, real)
            fix = (Fix.safe if safe else Fix.unsafe)(f"Replace with `{real}`", [edit])
        return self.diagnostic(path, requirement.name_span or requirement.span, message, fix=fix)
