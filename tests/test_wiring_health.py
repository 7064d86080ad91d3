"""BK403 health-endpoint-missing: full paths through routers, blueprints, mounts, URLconfs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from backlint.diagnostics import Diagnostic
from backlint.discovery import discover
from backlint.engine import run
from backlint.registry import RuleSet
from backlint.rule import RuleContext
from backlint.rules.wiring.graph import RoutePath
from backlint.rules.wiring.health import serves_health
from backlint.rules.wiring.options import WiringOptions

Project = Callable[[dict[str, str | bytes]], Path]
DEFAULT = frozenset({"/health", "/healthz", "/livez", "/readyz"})


def check(root: Path, options: WiringOptions | None = None) -> list[Diagnostic]:
    files = discover([str(root)], root=str(root))
    context = RuleContext(options={"wiring": options or WiringOptions()}, src=(str(root),))
    return run(
        files, rules=RuleSet.select(["BK403"], []), context=context, root=str(root)
    ).diagnostics


def located(diagnostics: list[Diagnostic], root: Path) -> list[tuple[str, int]]:
    return [(os.path.relpath(d.path, root).replace(os.sep, "/"), d.start.row) for d in diagnostics]


ROUTER_APP = (
    "from fastapi import FastAPI\n\nfrom routes import router\n\n"
    "app = FastAPI()\napp.include_router(router, prefix={prefix})\n"
)


def router_module(prefix: str, path: str, method: str = "get") -> str:
    return (
        "from fastapi import APIRouter\n\n"
        f"router = APIRouter(prefix={prefix!r})\n\n\n"
        f"@router.{method}({path!r})\ndef view():\n    return 'ok'\n"
    )


@pytest.mark.parametrize(
    ("path", "certain", "expected"),
    [
        ("/healthz", True, True),
        ("/api/v1/health", True, True),
        ("/api/v1/health-check", True, True),
        ("/items", True, False),
        ("/", True, False),
        ("/", False, True),
        ("/items", False, False),
        ("/status", False, False),
    ],
)
def test_which_paths_serve_a_probe(path: str, certain: bool, expected: bool) -> None:
    assert serves_health(RoutePath(path, certain), DEFAULT) is expected


def test_configured_paths_count_even_when_only_their_end_is_known() -> None:
    assert serves_health(RoutePath("/_status", False), frozenset({"/ops/_status"}))
    assert not serves_health(RoutePath("/_status", True), frozenset({"/ops/_status"}))


def test_app_without_health_route_is_reported_once_at_the_composition_root(
    project: Project,
) -> None:
    root = project(
        {
            "main.py": ROUTER_APP.format(prefix="'/api'"),
            "routes.py": router_module("/items", "/"),
            "admin.py": "from fastapi import FastAPI\n\nadmin = FastAPI()\n",
        }
    )
    assert located(check(root), root) == [("main.py", 5)]


def test_root_route_of_a_router_prefixed_health_is_a_probe(project: Project) -> None:
    root = project(
        {"main.py": ROUTER_APP.format(prefix="''"), "routes.py": router_module("/health", "")}
    )
    assert check(root) == []


def test_prefix_given_at_inclusion_makes_the_probe(project: Project) -> None:
    root = project(
        {"main.py": ROUTER_APP.format(prefix="'/readyz'"), "routes.py": router_module("", "/")}
    )
    assert check(root) == []


def test_post_only_health_route_does_not_count(project: Project) -> None:
    root = project(
        {
            "main.py": ROUTER_APP.format(prefix="''"),
            "routes.py": router_module("", "/health", method="post"),
        }
    )
    assert located(check(root), root) == [("main.py", 5)]


def test_route_under_a_prefix_that_is_not_a_literal_is_not_judged(project: Project) -> None:
    root = project(
        {
            "main.py": ROUTER_APP.format(prefix="settings.PROBE"),
            "routes.py": router_module("", "/"),
        }
    )
    assert check(root) == []


def test_flask_registration_prefix_replaces_the_blueprint_prefix(project: Project) -> None:
    root = project(
        {
            "app.py": (
                "from flask import Blueprint, Flask\n\n"
                "bp = Blueprint('ops', __name__, url_prefix='/shop')\n\n\n"
                "@bp.route('')\ndef ops():\n    return 'ok'\n\n\n"
                "app = Flask(__name__)\napp.register_blueprint(bp, url_prefix='/healthz')\n"
            )
        }
    )
    assert check(root) == []


def test_flask_route_with_get_among_methods_counts(project: Project) -> None:
    root = project(
        {
            "app.py": (
                "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
                "@app.route('/health', methods=['GET', 'HEAD'])\ndef health():\n    return 'ok'\n"
            )
        }
    )
    assert check(root) == []


def test_django_include_prefix_reaches_the_view(project: Project) -> None:
    root = project(
        {
            "site/__init__.py": "",
            "site/settings.py": "ROOT_URLCONF = 'site.urls'\nINSTALLED_APPS = []\n",
            "site/urls.py": (
                "from django.urls import include, path\n\n"
                "urlpatterns = [path('livez/', include('ops.urls'))]\n"
            ),
            "ops/__init__.py": "",
            "ops/urls.py": (
                "from django.urls import path\n\nfrom ops.views import ok\n\n"
                "urlpatterns = [path('', ok)]\n"
            ),
            "ops/views.py": "def ok(request):\n    return None\n",
        }
    )
    assert check(root) == []


def test_django_without_probe_is_reported_at_root_urlconf(project: Project) -> None:
    root = project(
        {
            "site/__init__.py": "",
            "site/settings.py": "INSTALLED_APPS = []\nROOT_URLCONF = 'site.urls'\n",
            "site/urls.py": (
                "from django.urls import path\n\nfrom site.views import home\n\n"
                "urlpatterns = [path('', home)]\n"
            ),
            "site/views.py": "def home(request):\n    return None\n",
        }
    )
    assert located(check(root), root) == [("site/settings.py", 2)]


def test_health_paths_option_replaces_the_defaults(project: Project) -> None:
    root = project(
        {
            "main.py": (
                "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                "@app.get('/_status')\ndef status():\n    return 'ok'\n"
            )
        }
    )
    assert len(check(root)) == 1
    options = WiringOptions.model_validate({"health-paths": ["/_status"]})
    assert check(root, options) == []


def test_project_whose_routes_cannot_be_read_is_not_reported(project: Project) -> None:
    root = project({"main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"})
    assert check(root) == []


def test_apps_in_tests_only_are_not_reported(project: Project) -> None:
    root = project(
        {
            "tests/test_app.py": (
                "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                "@app.get('/x')\ndef x():\n    return 1\n"
            )
        }
    )
    assert check(root) == []
