"""The wiring and structure project rules read facts only: 1,000 files, no source read."""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from backlint.data.import_names import stdlib_modules
from backlint.diagnostics import Diagnostic, Position
from backlint.discovery import FileKind
from backlint.facts import ImportFact, SymbolFact
from backlint.manifests import Manifest, ManifestKind, Requirement, Span
from backlint.project import FileResult, ProjectFacts
from backlint.rule import ProjectRule, RuleContext
from backlint.rules import structure, wiring
from backlint.rules.structure.facts import SettingsClassFact as EnvSettingsFact
from backlint.rules.structure.facts import TableFact
from backlint.rules.wiring.facts import (
    AppFact,
    IncludeFact,
    MiddlewareFact,
    RouteFact,
    RouterFact,
    SettingsClassFact,
)
from backlint.rules.wiring.options import WiringOptions
from backlint.sources.symbols import KindResolver

ROOT = os.path.join(os.sep, "nonexistent", "backlint-synthetic-project")
ENDPOINTS = 990
AT = Span(Position(1, 1), Position(1, 2))


def _path(*parts: str) -> str:
    return os.path.join(ROOT, *parts)


def _python(path: str, module: str, *facts: object, **extra: Any) -> FileResult:
    return FileResult(path, FileKind.PYTHON, module=module, facts=tuple(facts), **extra)


def synthetic_project(health_at: int | None = None) -> ProjectFacts:
    """A service of 1,000 files: an app, an aggregating router, 990 endpoint modules, an
    unused CORS helper, settings, models and a requirements file declaring Alembic."""
    files: dict[str, FileResult] = {}
    fastapi = ImportFact("fastapi", 0, ("FastAPI",), 1, 1)
    main = _path("app", "main.py")
    files[main] = _python(
        main,
        "app.main",
        AppFact("fastapi", "app.main.app", "app", AT),
        IncludeFact("app.main.app", "app.api.router.api_router", "/api/v1", AT),
        imports=(fastapi, ImportFact("app.api.router", 0, ("api_router",), 3, 1)),
    )
    includes = [
        IncludeFact("app.api.router.api_router", f"app.api.endpoints.e{i}.router", None, AT)
        if i % 7 == 0
        else IncludeFact("app.api.router.api_router", f"app.api.endpoints.e{i}.router", "", AT)
        for i in range(ENDPOINTS)
    ]
    router = _path("app", "api", "router.py")
    files[router] = _python(
        router,
        "app.api.router",
        RouterFact("fastapi", "app.api.router.api_router", "", AT),
        *includes,
    )
    for i in range(ENDPOINTS):
        path = _path("app", "api", "endpoints", f"e{i}.py")
        route = "/healthz" if i == health_at else "/{item_id}"
        files[path] = _python(
            path,
            f"app.api.endpoints.e{i}",
            RouterFact("fastapi", f"app.api.endpoints.e{i}.router", f"/e{i}", AT),
            RouteFact(f"app.api.endpoints.e{i}.router", route, True, AT),
            RouteFact(f"app.api.endpoints.e{i}.router", "/", False, AT),
            imports=(ImportFact("fastapi", 0, ("APIRouter",), 1, 1),),
        )
    cors = _path("app", "core", "cors.py")
    files[cors] = _python(
        cors,
        "app.core.cors",
        MiddlewareFact(
            "asgi",
            "fastapi.middleware.cors.CORSMiddleware",
            True,
            AT,
            None,
            True,
            True,
            "add_cors",
        ),
    )
    config = _path("app", "core", "config.py")
    files[config] = _python(
        config,
        "app.core.config",
        SettingsClassFact(
            "app.core.config.Settings", ("pydantic_settings.BaseSettings",), (), None, "", "\n"
        ),
        EnvSettingsFact("app.core.config.Settings", "Settings", AT, True, (".env",)),
        symbols=(SymbolFact("app.core.config.Settings", ("pydantic_settings.BaseSettings",)),),
    )
    for i in range(5):
        path = _path("app", "models", f"m{i}.py")
        files[path] = _python(path, f"app.models.m{i}", TableFact(f"M{i}", AT))
    requirements = _path("requirements.txt")
    alembic = Requirement("alembic", "alembic", "alembic>=1.13", AT, AT)
    files[requirements] = FileResult(
        requirements,
        FileKind.REQUIREMENTS,
        manifest=Manifest(requirements, ManifestKind.REQUIREMENTS, (alembic,)),
    )
    assert len(files) == 1000
    known: dict[str, frozenset[str]] = {}
    for rule in (*wiring.RULES, *structure.RULES):
        known.update(rule.known_kinds)
    symbols = (s for r in files.values() for s in r.symbols)
    return ProjectFacts(ROOT, files, KindResolver(symbols, known))


@pytest.fixture
def no_source_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every attempt to open, stat or list anything of the synthetic project fails and is
    recorded."""
    stdlib_modules()  # package data, read once and kept
    touched: list[str] = []

    def guard(original: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(target: Any, *args: Any, **kwargs: Any) -> Any:
            text = os.fsdecode(target) if isinstance(target, (str, bytes, os.PathLike)) else ""
            if text.startswith(ROOT):
                touched.append(text)
                raise AssertionError(f"project pass touched {text}")
            return original(target, *args, **kwargs)

        return guarded

    monkeypatch.setattr(builtins, "open", guard(builtins.open))
    monkeypatch.setattr(io, "open", guard(io.open))
    for name in ("open", "stat", "lstat", "scandir", "listdir"):
        monkeypatch.setattr(os, name, guard(getattr(os, name)))
    yield touched


def project_pass(project: ProjectFacts) -> list[Diagnostic]:
    context = RuleContext(options={"wiring": WiringOptions.model_validate({"app-factory": True})})
    found: list[Diagnostic] = []
    for rule in (*wiring.RULES, *structure.RULES):
        if issubclass(rule, ProjectRule):
            found.extend(rule().check_project(project, context))
    return sorted(found, key=lambda d: d.sort_key)


def summary(diagnostics: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, os.path.relpath(d.path, ROOT).replace(os.sep, "/")) for d in diagnostics]


def test_project_pass_over_1000_files_reads_no_source(no_source_reads: list[str]) -> None:
    diagnostics = project_pass(synthetic_project())
    assert sorted(summary(diagnostics)) == [
        ("BK401", "app/main.py"),
        ("BK402", "app/core/cors.py"),
        ("BK403", "app/main.py"),
        ("BK603", "requirements.txt"),
    ]
    bk401 = next(d for d in diagnostics if d.code == "BK401")
    assert "`add_cors()` in `app/core/cors.py`" in bk401.message
    assert no_source_reads == []


def test_one_health_route_among_1000_files_is_found_through_two_routers(
    no_source_reads: list[str],
) -> None:
    diagnostics = project_pass(synthetic_project(health_at=500))
    assert "BK403" not in {d.code for d in diagnostics}
    assert no_source_reads == []
