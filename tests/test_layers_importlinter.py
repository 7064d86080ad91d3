"""The same contracts in import-linter and in backlint give the same verdicts.

Runs only where import-linter is importable (it is not a dependency of backlint nor of its
test extra: ``pip install import-linter`` next to the test extra to run these). Each scenario
writes one small package, a layers contract (and for one scenario a forbidden contract)
for both tools in the same pyproject.toml, and compares import-linter's verdict with
whether backlint reports BK501/BK502. Where the tools differ by design, the test pins the
difference that docs/layers.md explains.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliResult

pytest.importorskip("importlinter")

Cli = Callable[..., CliResult]
Project = Callable[[dict[str, str | bytes]], Path]

LAYERS = ["shop.web | shop.jobs", "shop.logic", "shop.store"]
BASE = {
    "shop/__init__.py": "",
    "shop/web.py": "from shop.logic import run\n",
    "shop/jobs.py": "from shop.logic import run\n",
    "shop/logic.py": "from shop.store import load\n\n\ndef run():\n    return load()\n",
    "shop/store.py": "def load():\n    return 1\n",
    "shop/helpers.py": "",
}
TYPE_CHECKING_ONLY = (
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shop.logic import run\n"
)
IGNORE = {
    "importlinter": 'ignore_imports = ["shop.store -> shop.logic"]',
    "backlint": 'ignore-imports = ["shop.store -> shop.logic"]',
}
FORBID = {"forbidden": ("shop.logic", "fastapi"), "banned": ("shop.logic", "fastapi")}

# name -> (changed files, configuration extras, import-linter's verdict, backlint's verdict)
SCENARIOS: dict[str, tuple[dict[str, str], dict[str, object], str, str]] = {
    "clean": ({}, {}, "kept", "kept"),
    "direct": ({"shop/store.py": "from shop.logic import run\n"}, {}, "broken", "broken"),
    "direct-in-function": (
        {"shop/store.py": "def f():\n    from shop.logic import run\n"},
        {},
        "broken",
        "broken",
    ),
    "indirect": (
        {"shop/store.py": "import shop.helpers\n", "shop/helpers.py": "import shop.web\n"},
        {},
        "broken",
        "broken",
    ),
    "type-checking-only": ({"shop/store.py": TYPE_CHECKING_ONLY}, {}, "kept", "kept"),
    "independent-siblings": ({"shop/jobs.py": "from shop.web import x\n"}, {}, "broken", "broken"),
    "ignored-edge": (
        {"shop/store.py": "from shop.logic import run\n"},
        {"ignore": IGNORE},
        "kept",
        "kept",
    ),
    "descendant-module": (
        {"shop/store/__init__.py": "", "shop/store/sql.py": "from shop.logic import run\n"},
        {},
        "broken",
        "broken",
    ),
    "forbidden-external-package": (
        {"shop/logic.py": "from fastapi import status\n"},
        FORBID,
        "broken",
        "broken",
    ),
    # Differences by design (docs/layers.md): a chain's links beyond the first import must
    # run when their module is imported, and importing one's own package is no dependency.
    "indirect-through-function-import": (
        {
            "shop/store.py": "import shop.helpers\n",
            "shop/helpers.py": "def f():\n    import shop.web\n",
        },
        {},
        "broken",
        "kept",
    ),
    "through-own-package": (
        {
            "shop/__init__.py": "VERSION = 1\nfrom shop import web\n",
            "shop/store.py": "from shop import VERSION\n",
        },
        {},
        "broken",
        "kept",
    ),
}


def _configuration(extras: dict[str, object]) -> str:
    layers = "[" + ", ".join(f'"{layer}"' for layer in LAYERS) + "]"
    ignore = extras.get("ignore", {})
    assert isinstance(ignore, dict)
    lines = [
        "[tool.importlinter]",
        'root_package = "shop"',
        "include_external_packages = true",
        "exclude_type_checking_imports = true",
        "",
        "[[tool.importlinter.contracts]]",
        'name = "layers"',
        'type = "layers"',
        f"layers = {layers}",
        ignore.get("importlinter", ""),
    ]
    forbidden = extras.get("forbidden")
    if isinstance(forbidden, tuple):
        lines += [
            "",
            "[[tool.importlinter.contracts]]",
            'name = "forbidden"',
            'type = "forbidden"',
            f'source_modules = ["{forbidden[0]}"]',
            f'forbidden_modules = ["{forbidden[1]}"]',
        ]
    lines += ["", "[tool.backlint.layers]", f"layers = {layers}", ignore.get("backlint", "")]
    banned = extras.get("banned")
    if isinstance(banned, tuple):
        lines += ["", "[tool.backlint.layers.banned]", f'"{banned[0]}" = ["{banned[1]}"]']
    return "\n".join(lines) + "\n"


def _import_linter_verdict(root: Path) -> str:
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
            "--no-cache",
        ],
        cwd=root,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(root), *sys.path])},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    summary = re.search(r"Contracts: (\d+) kept, (\d+) broken", completed.stdout)
    assert summary is not None, completed.stdout + completed.stderr
    return "broken" if int(summary.group(2)) else "kept"


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_verdicts_match_import_linter(cli: Cli, project: Project, name: str) -> None:
    changes, extras, expected_import_linter, expected_backlint = SCENARIOS[name]
    files: dict[str, str | bytes] = {**BASE, **changes}
    if "shop/store/__init__.py" in files:
        files.pop("shop/store.py")
    files["pyproject.toml"] = _configuration(extras)
    root = project(files)
    result = cli("check", "--no-cache", "--select", "BK501,BK502", "--exit-zero", "shop", cwd=root)
    backlint = "broken" if "BK50" in result.out else "kept"
    assert (_import_linter_verdict(root), backlint) == (expected_import_linter, expected_backlint)
