"""Names and file conventions the structure rules share."""

from __future__ import annotations

import os
from collections.abc import Iterator

from backlint.project import ProjectFacts

SETTINGS_BASES = frozenset(
    {
        "pydantic.BaseSettings",
        "pydantic.v1.BaseSettings",
        "pydantic.env_settings.BaseSettings",
        "pydantic_settings.BaseSettings",
        "pydantic_settings.main.BaseSettings",
    }
)
SETTINGS_KIND = "structure:settings"
KNOWN_SETTINGS_KINDS = {name: frozenset({SETTINGS_KIND}) for name in SETTINGS_BASES}

# Committed templates documenting the environment a service reads.
ENV_TEMPLATES = frozenset(
    {
        ".env.example",
        ".env.sample",
        ".env.template",
        ".env.dist",
        ".env.defaults",
        "env.example",
        "example.env",
        "sample.env",
        ".example.env",
    }
)
# Manifests discovery does not read, which still declare dependencies.
OTHER_MANIFESTS = frozenset(
    {
        "Pipfile",
        "Pipfile.lock",
        "environment.yml",
        "environment.yaml",
        "poetry.lock",
        "pdm.lock",
        "uv.lock",
    }
)
_TEST_DIRS = frozenset({"tests", "test"})


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
    return "/".join(relative_parts(path, root)) or os.path.basename(path)


def is_env_template(name: str) -> bool:
    return os.path.basename(name) in ENV_TEMPLATES


def is_env_file(name: str) -> bool:
    """A dotenv file holding values (``.env``, ``.env.production``), not a template."""
    base = os.path.basename(name)
    return (base == ".env" or base.startswith(".env.")) and not is_env_template(base)


def listed_files(project: ProjectFacts) -> tuple[str, ...] | None:
    """Paths of the project's files that are neither Python nor manifests (``.env``,
    ``.env.example``, ``Pipfile``, ``alembic.ini``), when discovery lists them.

    ``None`` when it does not: their absence then cannot be told, and rules that need it
    stay silent.
    """
    listed = getattr(project, "other_files", None)
    if listed is None:
        return None
    return tuple(str(path) for path in listed)


def project_paths(project: ProjectFacts) -> Iterator[str]:
    yield from project.files
    yield from listed_files(project) or ()
