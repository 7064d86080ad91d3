"""BK104 undeclared-dependency: every third-party import is declared by some manifest."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from backlint.data.import_names import import_name_table, installed_import_names
from backlint.data.package_index import package_index
from backlint.rules.dependencies import undeclared

from .conftest import REPO, CliResult

Cli = Callable[..., CliResult]
Project = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture(autouse=True)
def _no_installed_mappings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment running the tests must not decide what is declared."""
    monkeypatch.setattr(undeclared, "installed_import_names", lambda: {})


def bk104(cli: Cli, root: Path) -> list[str]:
    """``path:row:col message`` of every BK104 diagnostic, paths relative to ``root``."""
    result = cli("check", "--no-cache", "--output-format", "json", ".", cwd=root)
    assert result.code in (0, 1), result.err
    lines = []
    for item in json.loads(result.out):
        if item["code"] != "BK104":
            continue
        path = Path(item["filename"]).resolve().relative_to(root.resolve()).as_posix()
        location = item["location"]
        lines.append(f"{path}:{location['row']}:{location['column']} {item['message']}")
    return lines


def imports_reported(cli: Cli, root: Path) -> list[str]:
    """The import name of every BK104 diagnostic (the first backticked word)."""
    return [line.split("`")[1] for line in bk104(cli, root)]


# -- what is reported -----------------------------------------------------------------------


def test_reports_third_party_import_missing_from_requirements(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi>=0.110\n",
            "app/__init__.py": "",
            "app/client.py": "import os\n\nimport httpx\n",
        }
    )
    assert bk104(cli, root) == [
        "app/client.py:3:1 `httpx` is imported but `httpx` is not declared in any manifest "
        "(checked `requirements.txt`)"
    ]


def test_message_names_the_distribution_of_a_mismatched_import(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "fastapi\n", "app.py": "from yaml import safe_load\n"})
    assert bk104(cli, root) == [
        "app.py:1:1 `yaml` is imported but `pyyaml` is not declared in any manifest "
        "(checked `requirements.txt`)"
    ]


def test_message_counts_manifests_when_there_are_many(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "requirements-dev.txt": "pytest\n",
            "requirements-docs.txt": "mkdocs\n",
            "requirements/prod.txt": "gunicorn\n",
            "app.py": "import httpx\n",
        }
    )
    assert bk104(cli, root) == [
        "app.py:1:1 `httpx` is imported but `httpx` is not declared in any manifest "
        "(checked 4 manifests)"
    ]


def test_diagnostic_spans_the_import_keyword_and_fixes_the_manifest(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "app.py": "def handler():\n    from redis import Redis\n",
        }
    )
    result = cli("check", "--no-cache", "--output-format", "json", ".", cwd=root)
    [item] = [i for i in result.json() if i["code"] == "BK104"]
    assert item["location"] == {"row": 2, "column": 5}
    assert item["end_location"] == {"row": 2, "column": 9}
    fix = item["fix"]
    assert fix["applicability"] == "unsafe"
    assert fix["edits"] == [
        {
            "content": "redis\n",
            "location": {"row": 2, "column": 1},
            "end_location": {"row": 2, "column": 1},
            "filename": str(root / "requirements.txt"),
        }
    ]


def test_unsafe_fix_appends_the_distribution_to_the_requirements_file(
    cli: Cli, project: Project
) -> None:
    root = project(
        {"requirements.txt": "fastapi>=0.110\r\nuvicorn>=0.29", "app.py": "import yaml\n"}
    )
    cli("check", "--no-cache", "--fix", ".", cwd=root)
    assert (root / "requirements.txt").read_bytes() == b"fastapi>=0.110\r\nuvicorn>=0.29"
    cli("check", "--no-cache", "--fix", "--unsafe-fixes", ".", cwd=root)
    assert (root / "requirements.txt").read_bytes() == (
        b"fastapi>=0.110\r\nuvicorn>=0.29\r\npyyaml\r\n"
    )
    again = cli("check", "--no-cache", "--output-format", "json", ".", cwd=root)
    assert [i for i in again.json() if i["code"] == "BK104"] == []


def test_help_points_application_code_at_the_main_manifest(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "requirements-dev.txt": "pytest\n",
            "app.py": "import httpx\n",
        }
    )
    result = cli("check", "--no-cache", ".", cwd=root)
    assert "help: Add `httpx` to `requirements.txt`" in result.out


def test_help_points_tests_at_the_development_manifest(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "requirements-dev.txt": "pytest\n",
            "tests/test_api.py": "import respx\n",
        }
    )
    result = cli("check", "--no-cache", ".", cwd=root)
    assert "help: Add `respx` to `requirements-dev.txt`" in result.out


def test_reports_once_per_distribution_per_file(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "a.py": "import attr\nimport attrs\nfrom attr import define\n",
            "b.py": "import attrs\n",
        }
    )
    assert [line.split(" ")[0] for line in bk104(cli, root)] == ["a.py:1:1", "b.py:1:1"]


def test_imports_inside_functions_are_required(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "app.py": "def export():\n    import openpyxl\n    return openpyxl\n",
        }
    )
    assert imports_reported(cli, root) == ["openpyxl"]


def test_transitive_dependency_of_a_declared_package_is_still_reported(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "requirements.txt": "flask-sqlalchemy\nopencv-python\nfastapi\n",
            "app.py": (
                "import sqlalchemy\nimport numpy\nimport anyio\nfrom pydantic import BaseModel\n"
            ),
        }
    )
    assert imports_reported(cli, root) == ["sqlalchemy", "numpy", "anyio", "pydantic"]


# -- what is not reported -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "requirement"),
    [
        ("import yaml", "PyYAML"),
        ("from PIL import Image", "Pillow"),
        ("from jose import jwt", "python-jose[cryptography]"),
        ("import jwt", "pyjwt"),
        ("import jwt", "PyJWT"),
        ("from dotenv import load_dotenv", "python-dotenv"),
        ("import multipart", "python-multipart"),
        ("import python_multipart", "python_multipart"),
        ("from sklearn.linear_model import LinearRegression", "scikit-learn"),
        ("import cv2", "opencv-python"),
        ("import cv2", "opencv-python-headless"),
        ("import cv2", "opencv-contrib-python"),
        ("from bs4 import BeautifulSoup", "beautifulsoup4"),
        ("import psycopg2", "psycopg2"),
        ("import psycopg2", "psycopg2-binary"),
        ("import psycopg", "psycopg[binary]"),
        ("import MySQLdb", "mysqlclient"),
        ("from dateutil import parser", "python-dateutil"),
        ("import magic", "python-magic"),
        ("from slugify import slugify", "python-slugify"),
        ("import docx", "python-docx"),
        ("import socketio", "python-socketio"),
        ("import engineio", "python-engineio"),
        ("from pythonjsonlogger import jsonlogger", "python-json-logger"),
        ("import telegram", "python-telegram-bot"),
        ("import ldap", "python-ldap"),
        ("from google.protobuf import json_format", "protobuf"),
        ("from google.cloud import storage", "google-cloud-storage"),
        ("from google.cloud.storage import Client", "google-cloud-storage"),
        ("import google.cloud.storage", "google-cloud-storage"),
        ("import attr", "attrs"),
        ("import dns.resolver", "dnspython"),
        ("import serial", "pyserial"),
        ("import usb.core", "pyusb"),
        ("from Crypto.Cipher import AES", "pycryptodome"),
        ("from Crypto.Cipher import AES", "pycrypto"),
        ("from OpenSSL import crypto", "pyOpenSSL"),
        ("from github import Github", "PyGithub"),
        ("import gitlab", "python-gitlab"),
        ("from kafka import KafkaProducer", "kafka-python"),
        ("from rest_framework import viewsets", "djangorestframework"),
        ("import corsheaders", "django-cors-headers"),
        ("import debug_toolbar", "django-debug-toolbar"),
        ("import environ", "django-environ"),
        ("from decouple import config", "python-decouple"),
        ("import pkg_resources", "setuptools"),
        ("import fitz", "PyMuPDF"),
        ("import Levenshtein", "levenshtein"),
        ("import sentry_sdk", "sentry-sdk"),
        ("import grpc", "grpcio"),
        ("import zmq", "pyzmq"),
        ("import win32api", "pywin32"),
        ("from typing_extensions import Self", "typing-extensions"),
        ("from email_validator import validate_email", "email-validator"),
        ("from pydantic_settings import BaseSettings", "pydantic-settings"),
        ("from flask_sqlalchemy import SQLAlchemy", "Flask-SQLAlchemy"),
        ("from google.cloud import pubsub_v1", "google-cloud-pubsub"),
        ("from google.cloud import firestore_v1", "google-cloud-firestore"),
        ("from azure.storage.blob import BlobClient", "azure-storage-blob"),
        ("from opentelemetry import trace", "opentelemetry-api"),
        ("from opentelemetry.sdk.trace import TracerProvider", "opentelemetry-sdk"),
        (
            "from opentelemetry.instrumentation.fastapi import X",
            "opentelemetry-instrumentation-fastapi",
        ),
        ("from ruamel.yaml import YAML", "ruamel.yaml"),
        ("from zope.interface import implementer", "zope.interface"),
    ],
)
def test_import_is_satisfied_by_its_distribution(
    cli: Cli, project: Project, source: str, requirement: str
) -> None:
    root = project({"requirements.txt": f"{requirement}\n", "app.py": f"{source}\n"})
    assert bk104(cli, root) == []


def test_standard_library_of_any_supported_version_is_never_reported(
    cli: Cli, project: Project
) -> None:
    source = (
        "from __future__ import annotations\n"
        "import asyncio, json, os.path, sys, tomllib, zoneinfo\n"
        "import distutils.core\n"  # removed in 3.12, still stdlib for 3.10 and 3.11
        "import cgi\n"  # removed in 3.13
        "from collections.abc import Mapping\n"
        "import __main__\n"
    )
    root = project({"requirements.txt": "fastapi\n", "app.py": source})
    assert bk104(cli, root) == []


def test_relative_imports_are_never_reported(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "",
            "pkg/sub/mod.py": "from . import yaml\nfrom .. import redis\nfrom .httpx import x\n",
        }
    )
    assert bk104(cli, root) == []


def test_type_checking_and_import_error_guarded_imports_are_not_required(
    cli: Cli, project: Project
) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "import typing\n"
        "if TYPE_CHECKING:\n"
        "    import boto3\n"
        "if typing.TYPE_CHECKING:\n"
        "    from pandas import DataFrame\n"
        "try:\n"
        "    import orjson\n"
        "except ImportError:\n"
        "    orjson = None\n"
        "try:\n"
        "    import uvloop\n"
        "except ModuleNotFoundError:\n"
        "    uvloop = None\n"
    )
    root = project({"requirements.txt": "fastapi\n", "app.py": source})
    assert bk104(cli, root) == []


def test_project_without_any_manifest_is_not_checked(cli: Cli, project: Project) -> None:
    root = project({"app.py": "import requests\n"})
    assert bk104(cli, root) == []


def test_pyproject_that_declares_nothing_is_not_a_manifest(cli: Cli, project: Project) -> None:
    root = project(
        {"pyproject.toml": "[tool.ruff]\nline-length = 99\n", "app.py": "import requests\n"}
    )
    assert bk104(cli, root) == []


def test_empty_requirements_file_is_a_manifest(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "# nothing yet\n", "app.py": "import requests\n"})
    assert imports_reported(cli, root) == ["requests"]


def test_stubs_setup_py_and_noxfile_are_not_checked(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "setup.py": "from setuptools import setup\nimport numpy\n",
            "noxfile.py": "import nox\n",
            "app/__init__.pyi": "import boto3\n",
        }
    )
    assert bk104(cli, root) == []


def test_packages_documented_by_a_declared_parent_count_as_declared(
    cli: Cli, project: Project
) -> None:
    source = (
        "from starlette.requests import Request\n"
        "from pydantic_core import core_schema\n"
        "from annotated_types import Gt\n"
        "from typing_extensions import TypedDict\n"
    )
    root = project({"requirements.txt": "fastapi\npydantic>=2\n", "app.py": source})
    assert bk104(cli, root) == []


# -- which manifests declare ----------------------------------------------------------------


def test_test_import_is_satisfied_by_development_requirements(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "requirements-dev.txt": "-r requirements.txt\npytest\nrespx\n",
            "tests/test_api.py": "import pytest\nimport respx\n",
            "tests/conftest.py": "import pytest\n",
        }
    )
    assert bk104(cli, root) == []


def test_any_manifest_of_the_project_declares_for_application_code(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "requirements-test.txt": "httpx\n",
            "app/client.py": "import httpx\n",
        }
    )
    assert bk104(cli, root) == []


@pytest.mark.parametrize(
    "pyproject",
    [
        '[project]\nname = "x"\nversion = "1"\ndependencies = ["httpx>=0.27"]\n',
        '[project]\nname = "x"\nversion = "1"\n'
        '[project.optional-dependencies]\nhttp = ["httpx"]\n',
        '[dependency-groups]\ndev = ["httpx"]\n',
        '[tool.poetry.dependencies]\npython = "^3.11"\nhttpx = "^0.27"\n',
        '[tool.poetry.group.test.dependencies]\nhttpx = "^0.27"\n',
    ],
    ids=["project", "optional", "dependency-group", "poetry", "poetry-group"],
)
def test_pyproject_dependency_lists_declare(cli: Cli, project: Project, pyproject: str) -> None:
    root = project({"pyproject.toml": pyproject, "app.py": "import httpx\n"})
    assert bk104(cli, root) == []


def test_constraint_file_entries_do_not_declare(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "-c constraints.txt\nfastapi\n",
            "constraints.txt": "httpx==0.27.0\n",
            "requirements/pins.txt": "redis==5.0\n",
            "requirements/base.txt": "-c pins.txt\nfastapi\n",
            "app.py": "import httpx\nimport redis\n",
        }
    )
    assert imports_reported(cli, root) == ["httpx", "redis"]


def test_path_and_url_requirements_declare_the_project_they_name(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "requirements.txt": (
                "./libs/billing\n"
                "-e ./libs/ledger\n"
                "git+https://example.org/org/notify.git@v2\n"
                "https://example.org/dist/search_client-1.0.tar.gz\n"
            ),
            "app.py": "import billing\nimport ledger\nimport notify\nimport search_client\n",
        }
    )
    assert bk104(cli, root) == []


def test_python_prefixed_spelling_of_the_import_declares_it(cli: Cli, project: Project) -> None:
    root = project(
        {"requirements.txt": "python-hl7\npy-bcrypt\n", "app.py": "import hl7\nimport bcrypt\n"}
    )
    assert bk104(cli, root) == []


# -- first-party code -----------------------------------------------------------------------


def test_packages_and_modules_at_the_project_root_are_first_party(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "main.py": "import settings\nfrom app.api import router\nfrom jobs.run import go\n",
            "settings.py": "",
            "app/__init__.py": "",
            "app/api.py": "",
            "jobs/run.py": "",  # a folder without __init__.py: a namespace package
        }
    )
    assert bk104(cli, root) == []


def test_src_layout_packages_are_first_party(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "src/shop/__init__.py": "",
            "src/shop/api.py": "from shop.models import Order\n",
            "src/shop/models.py": "",
            "tests/test_api.py": "from shop.api import router\nfrom tests.factories import make\n",
            "tests/factories.py": "",
        }
    )
    assert bk104(cli, root) == []


def test_configured_src_folders_are_first_party(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nsrc = ["lib"]\n',
            "requirements.txt": "fastapi\n",
            "lib/core/utils.py": "",
            "app.py": "from core.utils import x\n",
        }
    )
    assert bk104(cli, root) == []


def test_service_in_a_subfolder_with_its_own_manifest_imports_its_package(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "backend/requirements.txt": "fastapi\n",
            "backend/app/main.py": "from app.core import config\n",
            "backend/app/core/config.py": "",
        }
    )
    assert bk104(cli, root) == []


def test_top_of_a_package_chain_is_first_party_wherever_it_sits(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "services/api/app/__init__.py": "",
            "services/api/app/main.py": "from app import routes\n",
            "services/api/app/routes.py": "",
        }
    )
    assert bk104(cli, root) == []


def test_module_beside_a_script_is_first_party(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\n",
            "tools/deploy/run.py": "import helpers\nimport steps.build\n",
            "tools/deploy/helpers.py": "",
            "tools/deploy/steps/build.py": "",
        }
    )
    assert bk104(cli, root) == []


def test_module_beside_a_file_inside_a_package_is_not_first_party(
    cli: Cli, project: Project
) -> None:
    # Django's proj/celery.py imports the real celery: inside a package, imports are absolute.
    root = project(
        {
            "requirements.txt": "django\n",
            "proj/__init__.py": "",
            "proj/celery.py": "from celery import Celery\n",
            "proj/tasks.py": "import celery\n",
        }
    )
    assert imports_reported(cli, root) == ["celery", "celery"]


def test_module_in_a_script_folder_is_first_party_only_beside_it(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "requirements.txt": "django\n",
            "tools/celery.py": "",
            "tools/run.py": "import celery\n",
            "app/__init__.py": "",
            "app/tasks.py": "import celery\n",
        }
    )
    assert bk104(cli, root) == [
        "app/tasks.py:1:1 `celery` is imported but `celery` is not declared in any manifest "
        "(checked `requirements.txt`)"
    ]


def test_folders_of_test_files_are_first_party_for_tests_only(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi\npytest\n",
            "backend/tests/redis/test_cache.py": "from tests.factories import make\n",
            "backend/tests/factories.py": "",
            "backend/app/__init__.py": "",
            "backend/app/cache.py": "import redis\n",
        }
    )
    assert imports_reported(cli, root) == ["redis"]


def test_known_first_party_option_marks_names_as_the_projects_own(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "pyproject.toml": (
                "[tool.backlint.requirements]\n"
                'known-first-party = ["company_common", "acme.shared"]\n'
            ),
            "requirements.txt": "fastapi\n",
            "app.py": "import company_common.db\nfrom acme.shared import x\nimport acme.other\n",
        }
    )
    assert imports_reported(cli, root) == ["acme"]


# -- options --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["boto3", "BOTO3", "Boto3"])
def test_ignore_option_silences_a_distribution(cli: Cli, project: Project, name: str) -> None:
    root = project(
        {
            "pyproject.toml": f'[tool.backlint.requirements]\nignore = {{ BK104 = ["{name}"] }}\n',
            "requirements.txt": "fastapi\n",
            "app.py": "import boto3\nimport httpx\n",
        }
    )
    assert imports_reported(cli, root) == ["httpx"]


def test_ignore_option_accepts_the_import_name(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint.requirements]\nignore = { BK104 = ["yaml"] }\n',
            "requirements.txt": "fastapi\n",
            "app.py": "import yaml\n",
        }
    )
    assert bk104(cli, root) == []


def test_ignore_option_of_another_rule_does_not_apply(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint.requirements]\nignore = { BK101 = ["yaml"] }\n',
            "requirements.txt": "fastapi\n",
            "app.py": "import yaml\n",
        }
    )
    assert imports_reported(cli, root) == ["yaml"]


def test_import_map_option_names_the_distribution(cli: Cli, project: Project) -> None:
    config = '[tool.backlint.requirements]\nimport-map = { acme_sdk = "acme-python-client" }\n'
    declared = project(
        {
            "pyproject.toml": config,
            "requirements.txt": "acme-python-client\n",
            "app.py": "import acme_sdk\n",
        }
    )
    assert bk104(cli, declared) == []
    (declared / "requirements.txt").write_text("fastapi\n", encoding="utf-8")
    assert bk104(cli, declared) == [
        "app.py:1:1 `acme_sdk` is imported but `acme-python-client` is not declared in any "
        "manifest (checked `requirements.txt`)"
    ]


def test_environment_mapping_adds_distributions(
    cli: Cli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(undeclared, "installed_import_names", lambda: {"acme": ("acme-sdk",)})
    root = project({"requirements.txt": "acme-sdk\n", "app.py": "import acme\n"})
    assert bk104(cli, root) == []


# -- namespace packages ---------------------------------------------------------------------


def test_namespace_imports_are_resolved_per_imported_name(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "google-cloud-storage\n",
            "app.py": "from google.cloud import storage, bigquery\n",
        }
    )
    assert bk104(cli, root) == [
        "app.py:1:1 `google.cloud.bigquery` is imported but `google-cloud-bigquery` is not "
        "declared in any manifest (checked `requirements.txt`)"
    ]


def test_namespace_root_alone_is_never_reported(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "fastapi\n", "app.py": "import google\nimport azure\n"})
    assert bk104(cli, root) == []


def test_namespace_distribution_does_not_satisfy_its_siblings(cli: Cli, project: Project) -> None:
    root = project(
        {"requirements.txt": "protobuf\n", "app.py": "from google.cloud import secretmanager\n"}
    )
    assert bk104(cli, root) == [
        "app.py:1:1 `google.cloud.secretmanager` is imported but `google-cloud-secret-manager` "
        "is not declared in any manifest (checked `requirements.txt`)"
    ]


# -- the bundled data -----------------------------------------------------------------------


def test_table_is_large_and_names_distributions_in_normal_form() -> None:
    table = import_name_table()
    assert len(table.distributions) >= 150
    for name, distributions in table.distributions.items():
        assert distributions, name
        assert all(d == canonicalize_name(d) for d in distributions), name


def test_table_distributions_are_real_pypi_projects() -> None:
    # Projects outside the 15,000 most downloaded, checked by hand against the full PyPI list.
    index = package_index()
    table = import_name_table()
    distributions = {d for ds in table.distributions.values() for d in ds}
    assert {d for d in distributions if not index.exists(d)} == set()
    # Most are popular; the few that are not were checked by hand.
    unranked = {"web-py", "py-trello", "pyrebase", "pybluez", "rpi-lgpio", "cupy"}
    assert {d for d in distributions if not index.rank(d)} <= unranked


def test_every_dotted_table_entry_lies_in_a_listed_namespace() -> None:
    table = import_name_table()
    for name in table.distributions:
        if "." in name:
            assert name.split(".")[0] in table.namespaces, name


def test_installed_mapping_is_read_once_and_canonical() -> None:
    mapping = installed_import_names.__wrapped__()  # type: ignore[attr-defined]
    assert mapping.get("packaging") == ("packaging",)
    assert all(d == canonicalize_name(d) for ds in mapping.values() for d in ds)


# -- the bundled example ----------------------------------------------------------------------


def test_bundled_example_reports_only_its_undeclared_yaml_import(cli: Cli, tmp_path: Path) -> None:
    # examples/backend imports fastapi, sqlalchemy, pydantic, jose, passlib and redis, all
    # declared (python-jose for `jose`, passlib[bcrypt] for `passlib`, python-redis -- itself
    # BK101 -- for `redis`); its export service imports yaml, which nothing declares.
    work = tmp_path / "backend"
    shutil.copytree(REPO / "examples" / "backend", work)
    assert imports_reported(cli, work) == ["yaml"]


def test_bundled_example_invalid_httpx_line_declares_nothing(cli: Cli, tmp_path: Path) -> None:
    # `httpx=>0.27.0` is rejected by pip (BK108), so code importing httpx is undeclared.
    work = tmp_path / "backend"
    shutil.copytree(REPO / "examples" / "backend", work)
    (work / "app" / "clients.py").write_text("import httpx\n", encoding="utf-8")
    assert imports_reported(cli, work) == ["httpx", "yaml"]


def test_tests_importing_project_modules_put_on_sys_path_are_not_reported(
    cli: Cli, project: Project
) -> None:
    # Django's own test suite: a docs extension imported after extending sys.path, and a
    # settings template copied to a temporary folder and imported by its own name.
    root = project(
        {
            "requirements.txt": "django>=5\n",
            "docs/_ext/github_links.py": "",
            "tests/__init__.py": "",
            "tests/sphinx/__init__.py": "",
            "tests/sphinx/test_links.py": "def test():\n    import github_links\n",
            "tests/template/__init__.py": "",
            "tests/template/test_settings.py": "def test():\n    from test_settings import X\n",
            "app/__init__.py": "",
            "app/views.py": "import github_links\n",
        }
    )
    assert bk104(cli, root) == [
        "app/views.py:1:1 `github_links` is imported but `github-links` is not declared in "
        "any manifest (checked `requirements.txt`)"
    ]


def test_several_word_import_is_declared_by_a_distribution_holding_its_words(
    cli: Cli, project: Project
) -> None:
    # Names no table lists, as in NetBox: strawberry_django, timezone_field.
    root = project(
        {
            "requirements.txt": "strawberry-graphql-django>=0.47\nacme-money-field>=1\n",
            "app.py": "import strawberry_django\nfrom money_field import MoneyField\n"
            "import zoneinfo_field\n",
        }
    )
    assert imports_reported(cli, root) == ["zoneinfo_field"]
