"""BK405 app-factory: one composition root (off unless `app-factory = true`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from backlint.diagnostics import Diagnostic
from backlint.discovery import discover
from backlint.engine import run
from backlint.registry import RuleSet
from backlint.rule import RuleContext
from backlint.rules.wiring.options import WiringOptions

Project = Callable[[dict[str, str | bytes]], Path]
ON = WiringOptions.model_validate({"app-factory": True})
APP = "from fastapi import FastAPI\n\napp = FastAPI()\n"


def check(root: Path, options: WiringOptions = ON) -> list[Diagnostic]:
    files = discover([str(root)], root=str(root))
    context = RuleContext(options={"wiring": options}, src=(str(root),))
    return run(
        files, rules=RuleSet.select(["BK405"], []), context=context, root=str(root)
    ).diagnostics


def rows(diagnostics: list[Diagnostic], root: Path) -> list[tuple[str, int]]:
    return [(os.path.relpath(d.path, root).replace(os.sep, "/"), d.start.row) for d in diagnostics]


def test_off_by_default(project: Project) -> None:
    root = project({"main.py": APP, "other.py": APP})
    assert check(root, WiringOptions()) == []


def test_second_application_is_reported_at_its_creation(project: Project) -> None:
    root = project(
        {
            "main.py": APP + "\n\n@app.get('/')\ndef index():\n    return 1\n",
            "jobs/app.py": "from flask import Flask\n\njobs = Flask(__name__)\n",
        }
    )
    assert rows(check(root), root) == [("jobs/app.py", 3)]


def test_mounted_sub_application_is_part_of_the_composition(project: Project) -> None:
    root = project(
        {
            "main.py": APP + "\nfrom admin import admin\n\napp.mount('/admin', admin)\n",
            "admin.py": "from fastapi import FastAPI\n\nadmin = FastAPI()\n",
        }
    )
    assert check(root) == []


def test_route_on_an_app_imported_from_another_module(project: Project) -> None:
    root = project(
        {
            "main.py": APP,
            "views.py": "from main import app\n\n\n@app.get('/v')\ndef v():\n    return 1\n",
        }
    )
    assert rows(check(root), root) == [("views.py", 4)]


def test_route_on_a_factory_app_reached_through_an_alias(project: Project) -> None:
    root = project(
        {
            "factory.py": (
                "from fastapi import FastAPI\n\n\ndef create_app():\n"
                "    application = FastAPI()\n    return application\n"
            ),
            "main.py": "from factory import create_app\n\napp = create_app()\n",
            "views.py": "from main import app\n\n\n@app.get('/v')\ndef v():\n    return 1\n",
        }
    )
    assert rows(check(root), root) == [("views.py", 4)]


def test_routes_registered_through_a_parameter_are_composition(project: Project) -> None:
    root = project(
        {
            "main.py": APP + "\nfrom views import register\n\nregister(app)\n",
            "views.py": "def register(app):\n    @app.get('/v')\n    def v():\n        return 1\n",
        }
    )
    assert check(root) == []


def test_test_applications_do_not_count(project: Project) -> None:
    root = project({"main.py": APP, "tests/conftest.py": APP})
    assert check(root) == []
