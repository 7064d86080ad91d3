"""BK601 missing-manifest, BK602 env-file-committed, BK603 missing-migrations."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from backlint.diagnostics import Diagnostic
from backlint.discovery import discover
from backlint.engine import run
from backlint.project import ProjectFacts
from backlint.registry import RuleSet
from backlint.rule import RuleContext
from backlint.rules.structure.env_files import EnvFileCommitted
from backlint.sources.symbols import KindResolver

Project = Callable[[dict[str, str | bytes]], Path]


def check(root: Path, code: str) -> list[Diagnostic]:
    files = discover([str(root)], root=str(root))
    context = RuleContext(src=(str(root),))
    return run(
        files, rules=RuleSet.select([code], []), context=context, root=str(root)
    ).diagnostics


def rows(diagnostics: list[Diagnostic], root: Path) -> list[tuple[str, int]]:
    return [(os.path.relpath(d.path, root).replace(os.sep, "/"), d.start.row) for d in diagnostics]


@dataclass(frozen=True, slots=True)
class ListedProject(ProjectFacts):
    """Project facts with the files discovery walked past without checking them."""

    other_files: tuple[str, ...] = ()


def env_check(root: Path, listed: tuple[str, ...] | None) -> list[Diagnostic]:
    """BK602 over a real per-file pass, with ``listed`` files as the engine would list them
    (``None``: not listed at all)."""
    files = discover([str(root)], root=str(root))
    result = run(
        files,
        rules=RuleSet.select(["BK602"], []),
        context=RuleContext(src=(str(root),)),
        root=str(root),
    )
    resolver = KindResolver(
        (s for r in result.files.values() for s in r.symbols), EnvFileCommitted.known_kinds
    )
    if listed is None:
        project = ProjectFacts(str(root), result.files, resolver)
    else:
        paths = tuple(str(root / p) for p in listed)
        project = ListedProject(str(root), result.files, resolver, paths)
    return list(EnvFileCommitted().check_project(project, RuleContext()))


SETTINGS = (
    "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"
    "class Settings(BaseSettings):\n"
    "    model_config = SettingsConfigDict(env_file='.env')\n\n"
    "    database_url: str\n"
)


# BK601 -----------------------------------------------------------------------------------


def test_third_party_imports_without_manifest_are_reported_at_the_entry_module(
    project: Project,
) -> None:
    root = project(
        {
            "app/__init__.py": "",
            "app/jobs.py": "import celery\n",
            "app/main.py": "import os\n\nfrom fastapi import FastAPI\n",
        }
    )
    assert rows(check(root, "BK601"), root) == [("app/main.py", 3)]


def test_a_requirements_file_even_empty_is_a_manifest(project: Project) -> None:
    root = project({"requirements.txt": "", "main.py": "import fastapi\n"})
    assert check(root, "BK601") == []


def test_pyproject_without_dependencies_is_reported_at_pyproject(project: Project) -> None:
    root = project({"pyproject.toml": "[tool.black]\n", "main.py": "import fastapi\n"})
    assert rows(check(root, "BK601"), root) == [("pyproject.toml", 1)]


def test_own_modules_stdlib_tests_and_guarded_imports_need_no_manifest(
    project: Project,
) -> None:
    root = project(
        {
            "tool.py": (
                "import json\nfrom helpers import x\n"
                "try:\n    import ujson\nexcept ImportError:\n    ujson = None\n"
            ),
            "helpers.py": "x = 1\n",
            "tests/test_tool.py": "import pytest\n",
        }
    )
    assert check(root, "BK601") == []


# BK602 -----------------------------------------------------------------------------------


def test_committed_template_loaded_as_configuration(project: Project) -> None:
    root = project(
        {
            "config.py": SETTINGS.replace("'.env'", "'.env.example'"),
            "worker.py": "import dotenv\n\ndotenv.load_dotenv(dotenv_path='.env.sample')\n",
            ".env.example": "SECRET_KEY=\n",
        }
    )
    assert rows(check(root, "BK602"), root) == [("config.py", 4), ("worker.py", 3)]


def test_env_checks_stay_silent_when_files_are_not_listed(project: Project) -> None:
    root = project({"config.py": SETTINGS})
    assert env_check(root, None) == []


def test_listed_env_file_is_reported_where_it_is_read(project: Project) -> None:
    root = project({"config.py": SETTINGS})
    [diagnostic] = env_check(root, (".env", ".env.example"))
    assert rows([diagnostic], root) == [("config.py", 4)]
    assert diagnostic.message.startswith("`.env` is not ignored by git")


def test_settings_without_a_documented_environment_are_reported(project: Project) -> None:
    root = project({"config.py": SETTINGS})
    [diagnostic] = env_check(root, ())
    assert "no `.env.example` documents its variables" in diagnostic.message


def test_documented_and_ignored_environment_is_fine(project: Project) -> None:
    root = project({"config.py": SETTINGS})
    assert env_check(root, (".env.example",)) == []


def test_settings_subclass_from_another_module_reads_the_environment(project: Project) -> None:
    root = project(
        {
            "base.py": SETTINGS.replace("class Settings", "class BaseAppSettings"),
            "prod.py": (
                "from base import BaseAppSettings\n\n\n"
                "class ProdSettings(BaseAppSettings):\n    debug: bool = False\n"
            ),
        }
    )
    [diagnostic] = env_check(root, ())
    assert rows([diagnostic], root) == [("base.py", 4)]


# BK603 -----------------------------------------------------------------------------------

MODELS = (
    "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
    "class Base(DeclarativeBase):\n    pass\n\n\n"
    "class User(Base):\n    __tablename__ = 'users'\n\n"
    "    id: Mapped[int] = mapped_column(primary_key=True)\n"
)


def test_alembic_declared_without_environment_is_reported_at_the_requirement(
    project: Project,
) -> None:
    root = project({"requirements.txt": "sqlalchemy>=2\nalembic>=1.13\n", "models.py": MODELS})
    assert rows(check(root, "BK603"), root) == [("requirements.txt", 2)]


def test_migration_scripts_count_as_an_environment(project: Project) -> None:
    root = project(
        {
            "requirements.txt": "sqlalchemy>=2\nalembic>=1.13\n",
            "models.py": MODELS,
            "migrations/versions/0001_init.py": "from alembic import op\n",
        }
    )
    assert check(root, "BK603") == []


def test_create_all_outside_tests_is_reported(project: Project) -> None:
    root = project(
        {
            "requirements.txt": "sqlalchemy>=2\n",
            "models.py": MODELS,
            "main.py": "from models import Base\n\n\ndef init(engine):\n"
            "    Base.metadata.create_all(engine)\n",
        }
    )
    assert rows(check(root, "BK603"), root) == [("main.py", 5)]


def test_tables_of_a_schema_owned_elsewhere_are_fine(project: Project) -> None:
    root = project({"requirements.txt": "sqlalchemy>=2\n", "models.py": MODELS})
    assert check(root, "BK603") == []
