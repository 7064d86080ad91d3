"""BK101 bogus-python-prefix: `python-redis` where the real distribution is `redis`."""

from __future__ import annotations

from collections.abc import Iterator

from packaging.utils import canonicalize_name

from backlint.data import python_prefix_table
from backlint.diagnostics import Diagnostic, Edit, Fix
from backlint.manifests import Manifest
from backlint.rule import FixAvailability, ManifestRule, RuleContext

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
    table = python_prefix_table()
    real = canonical.removeprefix("python-")
    real_rank = table.ranked.get(real)
    if not real_rank or canonical in table.ranked:
        return None
    if canonical not in table.python_prefixed:
        return real
    return real if real_rank <= POPULAR_RANK else None


class BogusPythonPrefix(ManifestRule):
    """
    ## What it does
    Checks requirements files and pyproject.toml for distributions named `python-X` where the
    real, popular distribution is plain `X`: `python-redis` for `redis`, `python-celery` for
    `celery`, `python-mock` for `mock`.

    The decision comes from data, not from a short list: a bundled table of PyPI project
    names with their download ranks (see `scripts/build_python_prefix_table.py`). `python-X`
    is reported when `X` is among the 15,000 most downloaded projects and `python-X` either
    does not exist on PyPI or exists but is not itself popular while `X` is among the 5,000
    most downloaded. Real `python-*` packages that are popular in their own right
    (python-dateutil, python-dotenv, python-multipart, python-jose, python-slugify,
    python-json-logger, python-socketio, python-docx, python-magic, ...) are never reported.

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
    does not provide.
    """

    code = "BK101"
    name = "bogus-python-prefix"
    family = "dependencies"
    summary = "Bogus `python-` prefix"
    seed = "000"
    fix_availability = FixAvailability.SAFE

    def check_manifest(self, manifest: Manifest, context: RuleContext) -> Iterator[Diagnostic]:
        for requirement in manifest.requirements:
            if requirement.name is None:
                continue
            real = real_name_for_python_prefix(requirement.name)
            if real is None:
                continue
            fix = None
            span = requirement.name_span or requirement.span
            if requirement.name_span is not None:
                edit = Edit(requirement.name_span.start, requirement.name_span.end, real)
                fix = Fix.safe(f"Replace with `{real}`", [edit])
            yield self.diagnostic(
                manifest.path,
                span,
                f"`{requirement.name}` is not the package you want: the real distribution "
                f"is `{real}`",
                fix=fix,
            )
