"""BK501-BK503 through the command line: what is reported, where, and what is not."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliResult

Cli = Callable[..., CliResult]
Project = Callable[[dict[str, str | bytes]], Path]

# A seed-000 style package: every layer present, nothing wrong.
APP = {
    "app/__init__.py": "",
    "app/main.py": "from app.api.routes import router\nfrom app.services.users import create\n",
    "app/api/__init__.py": "",
    "app/api/deps.py": "from app.db.session import get_db\n",
    "app/api/routes.py": "from app.api.deps import get_db\nimport app.services.users\n",
    "app/services/__init__.py": "",
    "app/services/users.py": "from app.crud.users import insert\nimport app.schemas.users\n",
    "app/crud/__init__.py": "",
    "app/crud/users.py": "from app.models.user import User\n",
    "app/models/__init__.py": "",
    "app/models/user.py": "from app.db.base import Base\n",
    "app/db/__init__.py": "",
    "app/db/base.py": "from app.core.config import settings\n",
    "app/db/session.py": "from app.core.config import settings\n",
    "app/schemas/__init__.py": "",
    "app/schemas/users.py": "",
    "app/core/__init__.py": "",
    "app/core/config.py": "",
}


def found(cli: Cli, root: Path, select: str = "BK5") -> list[str]:
    """``path:row:col CODE message`` of every selected diagnostic, relative to ``root``."""
    result = cli(
        "check", "--no-cache", "--select", select, "--output-format", "json", ".", cwd=root
    )
    assert result.code in (0, 1), result.err
    lines = []
    for item in json.loads(result.out):
        path = Path(item["filename"]).resolve().relative_to(root.resolve()).as_posix()
        location = item["location"]
        row, column = location["row"], location["column"]
        lines.append(f"{path}:{row}:{column} {item['code']} {item['message']}")
    return lines


def codes(lines: list[str]) -> list[str]:
    return [line.split(" ", 2)[1] for line in lines]


def app_with(changes: dict[str, str]) -> dict[str, str | bytes]:
    return {**APP, **changes}


# -- BK501 ---------------------------------------------------------------------------------


def test_clean_layered_app_has_no_finding(cli: Cli, project: Project) -> None:
    assert found(cli, project(dict(APP))) == []


def test_direct_upward_import_is_reported_at_the_import(cli: Cli, project: Project) -> None:
    root = project(
        app_with({"app/crud/users.py": "import os\nfrom app.services.users import x\n"})
    )
    assert found(cli, root, "BK501") == [
        "app/crud/users.py:2:1 BK501 `app.crud.users` (layer `data access`) imports "
        "`app.services.users` (layer `services`), a higher layer"
    ]


def test_function_level_upward_import_counts(cli: Cli, project: Project) -> None:
    root = project(app_with({"app/models/user.py": "def f():\n    from app.api import deps\n"}))
    assert [line.split(" ")[0] for line in found(cli, root)] == ["app/models/user.py:2:5"]


def test_type_checking_upward_import_does_not_count_by_default(cli: Cli, project: Project) -> None:
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.api import deps\n"
    root = project(app_with({"app/models/user.py": source}))
    assert found(cli, root) == []
    (root / "pyproject.toml").write_text("[tool.backlint.layers]\ntype-checking-imports = true\n")
    assert codes(found(cli, root)) == ["BK501"]


def test_indirect_upward_import_names_the_chain(cli: Cli, project: Project) -> None:
    root = project(
        app_with(
            {
                "app/schemas/users.py": "from app.schemas.paging import Page\n",
                "app/schemas/paging.py": "from app.api.deps import get_db\n",
            }
        )
    )
    assert found(cli, root) == [
        "app/services/users.py:2:1 BK501 `app.services.users` (layer `services`) depends on "
        "`app.api.deps` (layer `api`), a higher layer, through `app.schemas.users` -> "
        "`app.schemas.paging`"
    ]


def test_chain_through_an_import_inside_a_function_is_not_a_dependency(
    cli: Cli, project: Project
) -> None:
    root = project(
        app_with({"app/schemas/users.py": "def page():\n    from app.api.deps import get_db\n"})
    )
    assert found(cli, root) == []


def test_composition_roots_and_unlayered_modules_may_import_anything(
    cli: Cli, project: Project
) -> None:
    root = project(
        app_with(
            {
                "app/bootstrap.py": "from app.api import routes\nfrom app.crud import users\n",
                "app/workers/jobs.py": "from app.api import routes\n",
                "app/schemas/extra.py": "from app.services import users\n",
            }
        )
    )
    assert found(cli, root) == []


def test_database_seeding_script_is_a_composition_root_in_any_layer(
    cli: Cli, project: Project
) -> None:
    root = project(app_with({"app/db/init_db.py": "from app.crud.users import insert\n"}))
    assert found(cli, root) == []


def test_shared_layer_may_use_models_but_not_services(cli: Cli, project: Project) -> None:
    root = project(
        app_with(
            {
                "app/core/db.py": "from app.models.user import User\nfrom app.crud import users\n",
                "app/core/security.py": "from app.services.users import create\n",
            }
        )
    )
    assert found(cli, root) == [
        "app/core/security.py:1:1 BK501 `app.core.security` (layer `shared`) imports "
        "`app.services.users` (layer `services`), a higher layer"
    ]


def test_importing_the_own_package_is_not_an_upward_dependency(cli: Cli, project: Project) -> None:
    # Flask's factory idiom: `app/__init__.py` imports the routes, models import `db` from it.
    root = project(
        {
            "app/__init__.py": "db = None\nfrom app import routes\n",
            "app/routes.py": "from app.models import User\n",
            "app/models.py": "from app import db\n",
        }
    )
    assert found(cli, root) == []


def test_package_without_two_layers_is_not_layered(cli: Cli, project: Project) -> None:
    # `utils` and `api` next to each other in a library say nothing about layers.
    root = project(
        {
            "lib/__init__.py": "",
            "lib/api.py": "",
            "lib/utils.py": "from lib.api import call\n",
            "lib/services.py": "from lib.api import call\n",
        }
    )
    assert found(cli, root) == []


def test_django_app_layers_by_module_names(cli: Cli, project: Project) -> None:
    root = project(
        {
            "manage.py": "",
            "shop/__init__.py": "",
            "shop/models.py": "from shop.views import home\n",
            "shop/views.py": "from shop.models import Item\n",
            "shop/utils.py": "from shop.models import Item\n",
            "shop/urls.py": "from shop import views\n",
        }
    )
    assert found(cli, root) == [
        "shop/models.py:1:1 BK501 `shop.models` (layer `domain`) imports `shop.views` "
        "(layer `api`), a higher layer",
        "shop/models.py:1:1 BK503 Import cycle: `shop.models` -> `shop.views` -> `shop.models`",
    ]


def test_ignored_edge_is_not_reported(cli: Cli, project: Project) -> None:
    root = project(
        app_with(
            {
                "app/crud/users.py": "from app.services.users import x\n",
                "pyproject.toml": (
                    "[tool.backlint.layers]\n"
                    'ignore-imports = ["app.crud.* -> app.services.users"]\n'
                ),
            }
        )
    )
    assert found(cli, root) == []  # nor is the cycle it makes


def test_noqa_suppresses_an_upward_import(cli: Cli, project: Project) -> None:
    root = project(
        app_with({"app/crud/users.py": "from app.services.users import x  # noqa: BK501\n"})
    )
    assert found(cli, root, "BK501") == []


# -- configured layers ---------------------------------------------------------------------


CONTRACT = """
[tool.backlint.layers]
layers = ["shop.web | shop.jobs", "shop.logic", "shop.store"]
"""


def shop(extra: dict[str, str]) -> dict[str, str | bytes]:
    return {
        "pyproject.toml": CONTRACT,
        "shop/__init__.py": "",
        "shop/web.py": "from shop.logic import run\n",
        "shop/jobs.py": "from shop.logic import run\n",
        "shop/logic.py": "from shop.store import load\n",
        "shop/store.py": "",
        **extra,
    }


def test_configured_layers_replace_the_inferred_ones(cli: Cli, project: Project) -> None:
    root = project(shop({"shop/store.py": "from shop.logic import run\n"}))
    assert found(cli, root, "BK501") == [
        "shop/store.py:1:1 BK501 `shop.store` (layer `shop.store`) imports `shop.logic` "
        "(layer `shop.logic`), a higher layer"
    ]


def test_independent_siblings_must_not_import_each_other(cli: Cli, project: Project) -> None:
    root = project(shop({"shop/jobs.py": "from shop.web import handler\n"}))
    assert found(cli, root) == [
        "shop/jobs.py:1:1 BK501 `shop.jobs` (layer `shop.jobs`) imports `shop.web` "
        "(layer `shop.web`) of an independent sibling layer"
    ]


def test_non_independent_siblings_may_import_each_other(cli: Cli, project: Project) -> None:
    contract = CONTRACT.replace("shop.web | shop.jobs", "shop.web : shop.jobs")
    root = project(
        shop({"pyproject.toml": contract, "shop/jobs.py": "from shop.web import handler\n"})
    )
    assert found(cli, root) == []


def test_containers_repeat_the_layers_in_each_package(cli: Cli, project: Project) -> None:
    contract = (
        '[tool.backlint.layers]\ncontainers = ["apps.*"]\nlayers = ["views", "logic", "models"]\n'
    )
    root = project(
        {
            "pyproject.toml": contract,
            "apps/__init__.py": "",
            "apps/a/__init__.py": "",
            "apps/a/models.py": "from apps.a.logic import f\n",
            "apps/a/logic.py": "",
            "apps/a/views.py": "from apps.a.logic import f\n",
        }
    )
    assert codes(found(cli, root)) == ["BK501"]


def test_empty_layers_turn_layering_off(cli: Cli, project: Project) -> None:
    root = project(
        app_with(
            {
                "app/crud/users.py": "from app.services.users import x\n",
                "pyproject.toml": "[tool.backlint.layers]\nlayers = []\n",
            }
        )
    )
    assert found(cli, root, "BK501") == []


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('layers = ["a | b : c"]', "mixes `|` and `:`"),
        ('layers = ["a.b-c"]', "is not a module glob"),
        ('ignore-imports = ["a.b"]', "is not an edge"),
        ("layers = 3", "layers"),
        ("unknown = 1", "unknown key"),
    ],
)
def test_invalid_layers_table_is_a_configuration_error(
    cli: Cli, project: Project, table: str, message: str
) -> None:
    root = project({"pyproject.toml": f"[tool.backlint.layers]\n{table}\n", "a.py": ""})
    result = cli("check", "--no-cache", ".", cwd=root)
    assert result.code == 2
    assert message in result.err
    assert "pyproject.toml" in result.err


# -- BK502 ---------------------------------------------------------------------------------


def test_framework_objects_in_services_are_reported_symbol_by_symbol(
    cli: Cli, project: Project
) -> None:
    root = project(
        app_with(
            {
                "app/services/users.py": (
                    "from fastapi import Depends, HTTPException, status\n"
                    "from fastapi.encoders import jsonable_encoder\n"
                    "from sqlalchemy.orm import Session\n"
                )
            }
        )
    )
    assert found(cli, root) == [
        "app/services/users.py:1:1 BK502 `fastapi.Depends` and `fastapi.HTTPException` are "
        "banned in layer `services`"
    ]


def test_orm_session_is_banned_in_a_domain_package_only(cli: Cli, project: Project) -> None:
    root = project(
        {
            "app/__init__.py": "",
            "app/api/__init__.py": "from fastapi import Request\n",
            "app/domain/__init__.py": "",
            "app/domain/users.py": (
                "from sqlalchemy.orm import Session\nimport starlette.requests\n"
            ),
            "app/db/__init__.py": "",
            "app/db/session.py": "from sqlalchemy.orm import Session, sessionmaker\n",
        }
    )
    assert found(cli, root) == [
        "app/domain/users.py:1:1 BK502 `sqlalchemy.orm.Session` is banned in layer `domain`",
        "app/domain/users.py:2:1 BK502 `starlette.requests` is banned in layer `domain`",
    ]


def test_type_checking_import_of_a_framework_object_counts(cli: Cli, project: Project) -> None:
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from flask import Request\n"
    root = project(app_with({"app/services/users.py": source}))
    assert codes(found(cli, root)) == ["BK502"]


def test_banned_lists_are_configurable_per_module_glob(cli: Cli, project: Project) -> None:
    root = project(
        app_with(
            {
                "pyproject.toml": (
                    '[tool.backlint.layers.banned]\n"app.crud" = ["httpx", "app.api.**"]\n'
                ),
                "app/crud/users.py": "import httpx\nfrom fastapi import Depends\n",
                "app/services/users.py": "from fastapi import Depends\n",
            }
        )
    )
    assert found(cli, root) == [
        "app/crud/users.py:1:1 BK502 `httpx` is banned in layer `data access`"
    ]


def test_banned_project_module_is_reported_through_a_relative_import(
    cli: Cli, project: Project
) -> None:
    root = project(
        app_with(
            {
                "pyproject.toml": '[tool.backlint.layers.banned]\n"app.services" = ["app.crud"]\n',
                "app/services/users.py": "from ..crud import users\n",
            }
        )
    )
    assert found(cli, root) == [
        "app/services/users.py:1:1 BK502 `app.crud.users` is banned in layer `services`"
    ]


# -- BK503 ---------------------------------------------------------------------------------


def test_cycle_is_reported_once_with_its_members(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "import pkg.b\n",
            "pkg/b.py": "from pkg import c\n",
            "pkg/c.py": "from . import a\nfrom pkg import d\n",
            "pkg/d.py": "import pkg.c\n",
        }
    )
    assert found(cli, root) == [
        "pkg/a.py:1:1 BK503 Import cycle: `pkg.a` -> `pkg.b` -> `pkg.c` -> `pkg.a` "
        "(4 modules import each other: `pkg.a`, `pkg.b`, `pkg.c`, `pkg.d`)"
    ]


def test_cycles_broken_by_deferred_imports_are_not_reported(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pkg/__init__.py": "from pkg.a import A\n",
            "pkg/a.py": (
                "from typing import TYPE_CHECKING\n"
                "from pkg import VERSION\n"
                "if TYPE_CHECKING:\n    from pkg.b import B\n"
            ),
            "pkg/b.py": "from pkg.a import A\n",
            "pkg/c.py": "def f():\n    from pkg.d import D\n",
            "pkg/d.py": "from pkg.c import f\n",
        }
    )
    assert found(cli, root) == []


# -- backlint layers -----------------------------------------------------------------------


def test_layers_command_prints_the_inferred_layers(cli: Cli, project: Project) -> None:
    root = project(dict(APP))
    result = cli("layers", "--no-cache", cwd=root)
    assert result.code == 0
    assert "inferred from package names" in result.out
    assert "  1. api          app.api" in result.out
    assert "  3. data access  app.crud" in result.out
    assert "  4. domain       app.db, app.models" in result.out
    assert "Composition roots (may import anything): app.main" in result.out


def test_layers_command_json_and_graphs(cli: Cli, project: Project) -> None:
    root = project({**APP, "pyproject.toml": CONTRACT, **shop({})})
    report = json.loads(cli("layers", "--no-cache", "--format", "json", cwd=root).out)[0]
    assert report["source"] == "configured"
    assert report["layers"][0]["independent"] is True
    assert [s["name"] for s in report["layers"][0]["siblings"]] == ["shop.web", "shop.jobs"]
    mermaid = cli("layers", "--no-cache", "--format", "mermaid", cwd=root).out
    assert mermaid.startswith("flowchart TD\n") and "L1_1 --> L2_0" in mermaid
    dot = cli("layers", "--no-cache", "--format", "dot", cwd=root).out
    assert dot.startswith("digraph layers {") and "L2_0 -> L3_0;" in dot


def test_layers_command_reports_configuration_errors(cli: Cli, project: Project) -> None:
    root = project({"pyproject.toml": '[tool.backlint.layers]\nlayers = ["a-b"]\n'})
    result = cli("layers", cwd=root)
    assert result.code == 2
    assert "not a module glob" in result.err
