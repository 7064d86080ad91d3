"""BK401 cors-missing and BK402 cors-wildcard-credentials: CORS across modules."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from backlint.diagnostics import Diagnostic
from backlint.discovery import discover
from backlint.engine import run
from backlint.registry import RuleSet
from backlint.rule import RuleContext
from backlint.rules.wiring.facts import MiddlewareFact

Project = Callable[[dict[str, str | bytes]], Path]


def check(root: Path, *codes: str) -> list[Diagnostic]:
    files = discover([str(root)], root=str(root))
    rules = RuleSet.select(list(codes), [])
    context = RuleContext(src=(str(root),))
    return run(files, rules=rules, context=context, root=str(root)).diagnostics


def located(diagnostics: list[Diagnostic], root: Path) -> list[tuple[str, int]]:
    return [(os.path.relpath(d.path, root).replace(os.sep, "/"), d.start.row) for d in diagnostics]


FASTAPI_APP = (
    "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
    "@app.get('/items')\ndef items():\n    return []\n"
)


def test_app_without_cors_is_reported_at_its_creation(project: Project) -> None:
    root = project({"main.py": FASTAPI_APP})
    assert located(check(root, "BK401"), root) == [("main.py", 3)]


def test_app_serving_no_readable_route_is_not_judged(project: Project) -> None:
    root = project({"main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"})
    assert check(root, "BK401") == []


def test_cors_added_by_a_function_of_another_module_counts(project: Project) -> None:
    root = project(
        {
            "app/__init__.py": "",
            "app/main.py": (
                "from fastapi import FastAPI\n\nfrom app.cors import install\n\n"
                "app = FastAPI()\ninstall(app)\n"
            ),
            "app/cors.py": (
                "from fastapi.middleware.cors import CORSMiddleware\n\n\n"
                "def install(app):\n"
                "    app.add_middleware(CORSMiddleware, allow_origins=['https://a.example'])\n"
            ),
        }
    )
    assert check(root, "BK401") == []


def test_conditional_registration_counts(project: Project) -> None:
    root = project(
        {
            "main.py": (
                "from fastapi import FastAPI\n"
                "from fastapi.middleware.cors import CORSMiddleware\n\n"
                "from settings import settings\n\n"
                "app = FastAPI()\n"
                "if settings.cors_origins:\n"
                "    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins)\n"
            ),
            "settings.py": "settings = None\n",
        }
    )
    assert check(root, "BK401") == []


def test_helper_that_nothing_uses_does_not_count_and_is_named(project: Project) -> None:
    root = project(
        {
            "main.py": FASTAPI_APP,
            "cors.py": (
                "from fastapi.middleware.cors import CORSMiddleware\n\n\n"
                "def enable_cors(app):\n"
                "    app.add_middleware(CORSMiddleware, allow_origins=['https://a.example'])\n"
            ),
        }
    )
    [diagnostic] = check(root, "BK401")
    assert "`enable_cors()` in `cors.py` configures CORS but nothing uses it" in (
        diagnostic.message
    )


def test_helper_imported_elsewhere_counts_as_used(project: Project) -> None:
    root = project(
        {
            "main.py": FASTAPI_APP,
            "cors.py": (
                "from fastapi.middleware.cors import CORSMiddleware\n\n\n"
                "def enable_cors(app):\n"
                "    app.add_middleware(CORSMiddleware, allow_origins=['https://a.example'])\n"
            ),
            "wsgi.py": "from cors import enable_cors\n",
        }
    )
    assert check(root, "BK401") == []


def test_cors_in_the_app_factory_counts_even_if_only_a_server_calls_the_factory(
    project: Project,
) -> None:
    root = project(
        {
            "factory.py": (
                "from fastapi import FastAPI\n"
                "from fastapi.middleware.cors import CORSMiddleware\n\n\n"
                "def create_app():\n"
                "    app = FastAPI()\n"
                "    app.add_middleware(CORSMiddleware, allow_origins=['https://a.example'])\n"
                "    return app\n"
            )
        }
    )
    assert check(root, "BK401") == []


def test_flask_cors_on_a_factory_result_counts(project: Project) -> None:
    root = project(
        {
            "app.py": (
                "from flask import Flask\nfrom flask_cors import CORS\n\n\n"
                "def create_app():\n    return Flask(__name__)\n\n\n"
                "application = create_app()\nCORS(application)\n"
            )
        }
    )
    assert check(root, "BK401") == []


def test_django_api_without_cors_headers_is_reported(project: Project) -> None:
    root = project(
        {
            "settings.py": (
                "INSTALLED_APPS = ['django.contrib.auth', 'rest_framework']\nMIDDLEWARE = []\n"
            )
        }
    )
    assert located(check(root, "BK401"), root) == [("settings.py", 1)]


def test_django_site_that_serves_no_api_is_left_alone(project: Project) -> None:
    root = project({"settings.py": "INSTALLED_APPS = ['django.contrib.admin']\nMIDDLEWARE = []\n"})
    assert check(root, "BK401") == []


def test_an_unknown_use_of_an_imported_cors_middleware_counts(project: Project) -> None:
    root = project(
        {
            "main.py": FASTAPI_APP,
            "stack.py": (
                "from fastapi.middleware import cors\n\nMIDDLEWARE = [cors.CORSMiddleware]\n"
            ),
        }
    )
    assert check(root, "BK401") == []


def test_fix_adds_middleware_and_settings_field(project: Project) -> None:
    root = project(
        {
            "config.py": (
                "from pydantic_settings import BaseSettings\n\n\n"
                "class Settings(BaseSettings):\n    debug: bool = False\n\n\n"
                "settings = Settings()\n"
            ),
            "main.py": (
                "from fastapi import FastAPI\n\nfrom config import settings\n\napp = FastAPI()\n"
                "app.add_api_route('/items', list)\n"
            ),
        }
    )
    [diagnostic] = check(root, "BK401")
    assert diagnostic.fix is not None and not diagnostic.fix.is_safe
    texts = {(e.path and os.path.basename(e.path), e.content) for e in diagnostic.fix.edits}
    assert ("config.py", "    cors_origins: list[str] = []\n") in texts
    assert any("allow_origins=settings.cors_origins," in content for _, content in texts)
    assert not any('allow_origins=["*"]' in content for _, content in texts)


def test_no_fix_without_a_settings_object_in_scope(project: Project) -> None:
    root = project({"main.py": FASTAPI_APP})
    [diagnostic] = check(root, "BK401")
    assert diagnostic.fix is None


def test_seed_000_configuration_is_reported(project: Project) -> None:
    root = project(
        {
            "main.py": (
                "from fastapi import FastAPI\n"
                "from fastapi.middleware.cors import CORSMiddleware\n\n"
                "app = FastAPI()\n"
                "app.add_middleware(\n    CORSMiddleware,\n    allow_origins=['*'],\n"
                "    allow_credentials=True,\n    allow_methods=['*'],\n"
                "    allow_headers=['*'],\n)\n"
            )
        }
    )
    assert located(check(root, "BK402"), root) == [("main.py", 5)]


def test_wildcard_without_credentials_is_fine(project: Project) -> None:
    root = project(
        {
            "main.py": (
                "from fastapi import FastAPI\n"
                "from fastapi.middleware.cors import CORSMiddleware\n\n"
                "app = FastAPI()\n"
                "app.add_middleware(CORSMiddleware, allow_origins=['*'])\n"
            )
        }
    )
    assert check(root, "BK402") == []


def test_regex_matching_any_site_with_credentials_is_reported(project: Project) -> None:
    root = project(
        {
            "main.py": (
                "from fastapi import FastAPI\n"
                "from fastapi.middleware.cors import CORSMiddleware\n\n"
                "app = FastAPI()\n"
                "app.add_middleware(\n    CORSMiddleware,\n"
                "    allow_origin_regex='https?://.*',\n    allow_credentials=True,\n)\n"
            )
        }
    )
    assert located(check(root, "BK402"), root) == [("main.py", 5)]


def test_regex_of_one_domain_with_credentials_is_fine(project: Project) -> None:
    root = project(
        {
            "main.py": (
                "from fastapi import FastAPI\n"
                "from fastapi.middleware.cors import CORSMiddleware\n\n"
                "app = FastAPI()\n"
                "app.add_middleware(\n    CORSMiddleware,\n"
                "    allow_origin_regex=r'https://[a-z]+\\.example\\.com',\n"
                "    allow_credentials=True,\n)\n"
            )
        }
    )
    assert check(root, "BK402") == []


def test_flask_cors_default_origins_with_credentials_is_reported(project: Project) -> None:
    root = project(
        {
            "app.py": (
                "from flask import Flask\nfrom flask_cors import CORS\n\n"
                "app = Flask(__name__)\nCORS(app, supports_credentials=True)\n"
            )
        }
    )
    assert located(check(root, "BK402"), root) == [("app.py", 5)]


def test_django_settings_must_combine_in_one_module(project: Project) -> None:
    root = project(
        {
            "settings/__init__.py": "",
            "settings/base.py": (
                "INSTALLED_APPS = ['corsheaders']\nCORS_ALLOW_CREDENTIALS = True\n"
            ),
            "settings/dev.py": "CORS_ALLOW_ALL_ORIGINS = True\n",
        }
    )
    assert check(root, "BK402") == []


def test_middleware_facts_record_target_and_flags(project: Project) -> None:
    root = project(
        {
            "main.py": (
                "from fastapi import FastAPI\n"
                "from fastapi.middleware.cors import CORSMiddleware\n\n"
                "app = FastAPI()\n"
                "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n"
            )
        }
    )
    files = discover([str(root)], root=str(root))
    result = run(files, rules=RuleSet.select(["BK402"], []), context=RuleContext(), root=str(root))
    [fact] = [
        f for f in result.files[str(root / "main.py")].facts if isinstance(f, MiddlewareFact)
    ]
    assert (fact.target, fact.cors, fact.wildcard, fact.credentials) == (
        "main.app",
        True,
        True,
        True,
    )


def test_files_without_wiring_tokens_are_not_parsed_for_facts(project: Project) -> None:
    root = project({"util.py": "def add(a, b):\n    return a + b\n"})
    files = discover([str(root)], root=str(root))
    result = run(files, rules=RuleSet.select(["BK401"], []), context=RuleContext(), root=str(root))
    assert result.files[str(root / "util.py")].facts == ()
