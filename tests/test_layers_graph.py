"""The import graph of the layering rules: how imports resolve to the project's modules."""

from __future__ import annotations

import ast
import os

from backlint.discovery import FileKind
from backlint.project import FileResult, ProjectFacts
from backlint.rules.layers.graph import ImportGraph, is_test_module
from backlint.sources.python import import_facts
from backlint.sources.symbols import module_name

ROOT = os.path.abspath(os.sep + "proj")


def graph_of(files: dict[str, str], src: tuple[str, ...] = (".", "src")) -> ImportGraph:
    """The graph of a project given as ``{relative path: source}`` (nothing is written)."""
    roots = [os.path.join(ROOT, s) for s in src]
    results = {}
    for relative, text in files.items():
        path = os.path.join(ROOT, *relative.split("/"))
        results[path] = FileResult(
            path,
            FileKind.PYTHON,
            imports=tuple(import_facts(ast.parse(text), text)),
            module=module_name(path, roots),
        )
    return ImportGraph.of(ProjectFacts(ROOT, results))


def targets(graph: ImportGraph, relative: str) -> list[str]:
    """The names of the modules each import of a file reaches, in order."""
    path = os.path.join(ROOT, *relative.split("/"))
    return [graph.nodes[t].name for item in graph.imports[path] for t in item.targets]


def test_absolute_import_resolves_to_module() -> None:
    graph = graph_of({"app/__init__.py": "", "app/a.py": "import app.b\n", "app/b.py": ""})
    assert targets(graph, "app/a.py") == ["app.b"]


def test_from_import_of_a_submodule_resolves_to_the_submodule() -> None:
    graph = graph_of(
        {"app/__init__.py": "", "app/a.py": "from app import b, VERSION\n", "app/b.py": ""}
    )
    assert targets(graph, "app/a.py") == ["app.b", "app"]


def test_from_import_of_a_name_resolves_to_its_module() -> None:
    graph = graph_of(
        {"app/__init__.py": "", "app/a.py": "from app.b import thing\n", "app/b.py": ""}
    )
    assert targets(graph, "app/a.py") == ["app.b"]


def test_relative_imports_resolve_by_folder() -> None:
    graph = graph_of(
        {
            "app/__init__.py": "",
            "app/pkg/__init__.py": "from . import sub\nfrom .sub import x\n",
            "app/pkg/sub.py": "from .. import other\nfrom ..other import y\nfrom . import NAME\n",
            "app/other.py": "",
        }
    )
    assert targets(graph, "app/pkg/__init__.py") == ["app.pkg.sub", "app.pkg.sub"]
    assert targets(graph, "app/pkg/sub.py") == ["app.other", "app.other", "app.pkg"]


def test_missing_submodule_falls_back_to_nearest_package() -> None:
    graph = graph_of({"app/__init__.py": "", "app/a.py": "import app.gone.deeper\n"})
    assert targets(graph, "app/a.py") == ["app"]


def test_third_party_and_stdlib_imports_reach_no_module() -> None:
    graph = graph_of(
        {"app/__init__.py": "", "app/a.py": "import os\nfrom fastapi import Depends\n"}
    )
    assert targets(graph, "app/a.py") == []


def test_src_layout_modules_are_named_below_src() -> None:
    graph = graph_of(
        {
            "src/myapp/__init__.py": "",
            "src/myapp/api.py": "from myapp.services import run\n",
            "src/myapp/services.py": "",
        }
    )
    assert targets(graph, "src/myapp/api.py") == ["myapp.services"]


def test_package_in_a_subfolder_is_named_from_the_top_of_its_packages() -> None:
    # backend/app/... with the configuration at the repository root: the code imports `app`.
    graph = graph_of(
        {
            "backend/app/__init__.py": "",
            "backend/app/api.py": "from app.services import run\n",
            "backend/app/services.py": "",
        }
    )
    assert targets(graph, "backend/app/api.py") == ["app.services"]
    assert {n.name for n in graph.nodes.values()} == {"app", "app.api", "app.services"}


def test_several_roots_resolve_each_package() -> None:
    graph = graph_of(
        {
            "packages/core/src/core/__init__.py": "",
            "packages/core/src/core/ids.py": "",
            "packages/api/src/api/__init__.py": "",
            "packages/api/src/api/routes.py": "from core.ids import new_id\n",
        }
    )
    assert targets(graph, "packages/api/src/api/routes.py") == ["core.ids"]


def test_same_name_in_two_services_resolves_to_the_nearest() -> None:
    graph = graph_of(
        {
            "svc_a/app/__init__.py": "",
            "svc_a/app/main.py": "from app.db import x\n",
            "svc_a/app/db.py": "",
            "svc_b/app/__init__.py": "",
            "svc_b/app/main.py": "from app.db import x\n",
            "svc_b/app/db.py": "",
        }
    )
    a = graph.imports[os.path.join(ROOT, "svc_a", "app", "main.py")][0].targets
    b = graph.imports[os.path.join(ROOT, "svc_b", "app", "main.py")][0].targets
    assert a == (os.path.join(ROOT, "svc_a", "app", "db.py"),)
    assert b == (os.path.join(ROOT, "svc_b", "app", "db.py"),)


def test_django_apps_resolve_from_the_manage_py_folder() -> None:
    graph = graph_of(
        {
            "site/__init__.py": "",
            "site/manage.py": "",
            "site/projects/__init__.py": "",
            "site/projects/models.py": "from tasks.models import Task\n",
            "site/tasks/__init__.py": "",
            "site/tasks/models.py": "",
        }
    )
    assert targets(graph, "site/projects/models.py") == ["site.tasks.models"]


def test_a_folder_named_like_the_standard_library_does_not_capture_its_imports() -> None:
    graph = graph_of(
        {"tools/json/__init__.py": "", "app/__init__.py": "", "app/a.py": "import json\n"}
    )
    assert targets(graph, "app/a.py") == []


def test_test_modules_are_not_nodes() -> None:
    graph = graph_of(
        {
            "app/__init__.py": "",
            "app/a.py": "",
            "app/tests.py": "",
            "tests/test_a.py": "",
            "app/conftest.py": "",
            "app/a_test.py": "",
        }
    )
    assert {n.name for n in graph.nodes.values()} == {"app", "app.a"}


def test_is_test_module_by_folder_outside_packages() -> None:
    path = os.path.join(ROOT, "test", "helpers.py")
    assert is_test_module("helpers", path, ROOT)
    assert not is_test_module("app.contest", os.path.join(ROOT, "app", "contest.py"), ROOT)


def test_edges_leave_out_type_checking_function_and_own_package_imports() -> None:
    graph = graph_of(
        {
            "app/__init__.py": "from app import b\n",
            "app/a.py": (
                "from typing import TYPE_CHECKING\n"
                "from app import VERSION\n"
                "import app.b\n"
                "if TYPE_CHECKING:\n    import app.c\n"
                "def f():\n    import app.d\n"
            ),
            "app/b.py": "",
            "app/c.py": "",
            "app/d.py": "",
        }
    )
    path = os.path.join(ROOT, "app", "a.py")

    def names(**kwargs: bool) -> list[str]:
        return [graph.nodes[t].name for _, t in graph.edges(path, **kwargs)]

    assert names(function=False) == ["app.b"]
    assert names(function=True) == ["app.b", "app.d"]
    assert names(function=True, type_checking=True) == ["app.b", "app.c", "app.d"]
