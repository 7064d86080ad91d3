"""BK107 abandoned-package: a requirement with a maintained successor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from packaging.utils import canonicalize_name

from backlint.diagnostics import Diagnostic, Severity
from backlint.manifests import Manifest
from backlint.rule import ManifestRule, RuleContext
from backlint.rules.dependencies.options import requirements_options


@dataclass(frozen=True, slots=True)
class Abandoned:
    successor: str
    reason: str
    sources: tuple[str, ...]


@cache
def abandoned_packages() -> dict[str, Abandoned]:
    """The bundled table (``data/abandoned.json``), keyed by normalised name."""
    raw = json.loads(resources.files("backlint.data").joinpath("abandoned.json").read_text())
    return {
        canonicalize_name(name): Abandoned(
            entry["successor"], entry["reason"], tuple(entry["sources"])
        )
        for name, entry in raw["packages"].items()
    }


class AbandonedPackage(ManifestRule):
    """
    ## What it does
    Checks requirements files and pyproject.toml for packages that are abandoned and have a
    maintained successor, from a bundled table where every entry cites its source
    (`src/backlint/data/abandoned.json`): passlib (use pwdlib, or bcrypt / argon2-cffi
    directly), python-jose (PyJWT), nose (pytest), pycrypto (pycryptodome), aioredis
    (redis's `redis.asyncio`), sklearn (scikit-learn), flask-restplus (flask-restx),
    django-rest-swagger (drf-spectacular), pep8 (pycodestyle), the `asyncio` and `typing`
    backports (the standard library) and oauth2client (google-auth).

    ## Why is this bad?
    Seed 001 (Dependencies): "Regularly update dependencies for security patches". An
    abandoned package gets no security fixes and breaks on new Python versions (passlib on
    3.13, nose on 3.10). Code assistants keep suggesting these because old tutorials do.

    ## Example
    ```text
    passlib[bcrypt]>=1.7.4
    python-jose[cryptography]>=3.3.0
    ```

    ## Use instead
    ```text
    pwdlib[argon2,bcrypt]>=0.2
    pyjwt>=2.8
    ```

    ## Fix safety
    There is no fix: the successors have different APIs, so the code must change too.
    """

    code = "BK107"
    name = "abandoned-package"
    family = "dependencies"
    summary = "Abandoned package"
    seed = "001"
    severity = Severity.WARNING

    def check_manifest(self, manifest: Manifest, context: RuleContext) -> Iterator[Diagnostic]:
        options = requirements_options(context)
        table = abandoned_packages()
        for requirement in manifest.requirements:
            name = requirement.canonical_name
            if name is None or requirement.constraint or name not in table:
                continue
            if options.ignored(self.code, name):
                continue
            entry = table[name]
            yield self.diagnostic(
                manifest.path,
                requirement.name_span or requirement.span,
                f"`{requirement.name}` is abandoned: {entry.reason}; "
                f"use {entry.successor} instead",
                help=f"Source: {entry.sources[0]}",
            )
