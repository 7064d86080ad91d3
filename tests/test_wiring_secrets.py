"""BK404 hardcoded-secret: what is a secret, where, and what is not."""

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
from backlint.rules.wiring.secrets import is_harmless_value, is_secret_name, url_password_leak

Project = Callable[[dict[str, str | bytes]], Path]


def check(root: Path) -> list[Diagnostic]:
    files = discover([str(root)], root=str(root))
    context = RuleContext(src=(str(root),))
    return run(
        files, rules=RuleSet.select(["BK404"], []), context=context, root=str(root)
    ).diagnostics


def rows(diagnostics: list[Diagnostic], root: Path) -> list[tuple[str, int]]:
    return [(os.path.relpath(d.path, root).replace(os.sep, "/"), d.start.row) for d in diagnostics]


@pytest.mark.parametrize(
    "name",
    [
        "SECRET_KEY",
        "secret_key",
        "jwt_secret",
        "DB_PASSWORD",
        "DB_PASS",
        "stripe_api_key",
        "apiKey",
        "GITHUB_TOKEN",
        "private_key",
        "AWS_SECRET_ACCESS_KEY",
        "client_secret",
    ],
)
def test_secret_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "TOKEN_TYPE",
        "TOKEN_URL",
        "PASSWORD_MIN_LENGTH",
        "ACCESS_TOKEN_EXPIRE_MINUTES",
        "INVALID_PASSWORD",
        "CSRF_TOKEN",
        "next_token",
        "hashed_password",
        "AWS_ACCESS_KEY_ID",
        "PASS",
        "secret_key_header",
    ],
)
def test_names_that_describe_rather_than_hold_a_secret(name: str) -> None:
    assert not is_secret_name(name)


@pytest.mark.parametrize(
    "value",
    ["", "  ", "${SECRET_KEY}", "%(password)s", "SECRET_KEY", "***", "Invalid password."],
)
def test_harmless_values(value: str) -> None:
    assert is_harmless_value(value, "SECRET_KEY")


@pytest.mark.parametrize(
    ("url", "leaks"),
    [
        ("postgresql://orders:Pr0d-pa55@db.example.com/orders", True),
        ("redis://:s3cret@cache.example.com:6379/0", True),
        ("postgresql://app:app@localhost:5432/app", False),
        ("postgresql://postgres:postgres@db:5432/app", False),
        ("postgresql://user:password@db.example.com/app", False),
        ("postgresql://user:<password>@db.example.com/app", False),
        ("postgresql://db.example.com/app", False),
        ("https://example.com/a:b@c", False),
    ],
)
def test_urls_with_inline_passwords(url: str, leaks: bool) -> None:
    assert url_password_leak(url) is leaks


def test_settings_default_is_reported_and_env_read_is_not(project: Project) -> None:
    root = project(
        {
            "config.py": (
                "from pydantic_settings import BaseSettings\n\n\n"
                "class Settings(BaseSettings):\n"
                "    secret_key: str = 'changeme'\n"
                "    api_key: str\n"
                "    token: str = ''\n"
            )
        }
    )
    assert rows(check(root), root) == [("config.py", 5)]


def test_subclass_of_a_project_settings_class_is_confirmed_across_modules(
    project: Project,
) -> None:
    root = project(
        {
            "base.py": (
                "from pydantic_settings import BaseSettings\n\n\n"
                "class Base(BaseSettings):\n    name: str = 'x'\n"
            ),
            "prod.py": "from base import Base\n\n\nclass Prod(Base):\n    secret: str = 'zz9'\n",
            "model.py": (
                "from pydantic import BaseModel\n\n\n"
                "class Login(BaseModel):\n    password: str = 'hunter2'\n"
            ),
        }
    )
    assert rows(check(root), root) == [("prod.py", 5)]


def test_environment_fallbacks_are_reported(project: Project) -> None:
    root = project(
        {
            "settings.py": (
                "import os\n\n"
                "SECRET_KEY = os.getenv('SECRET_KEY', 'dev-key')\n"
                "API_TOKEN = os.environ.get('API_TOKEN') or 'tok-3f9a8b7c6d5e'\n"
                "DATABASE_URL = os.getenv('DATABASE_URL', 'sqlite:///db.sqlite3')\n"
            )
        }
    )
    assert rows(check(root), root) == [("settings.py", 3), ("settings.py", 4)]


def test_values_set_for_development_only_are_left_alone(project: Project) -> None:
    root = project(
        {
            "settings.py": (
                "import os\n\nif os.environ.get('DEBUG'):\n    SECRET_KEY = 'debug'\n"
                "else:\n    SECRET_KEY = os.environ['SECRET_KEY']\n"
            ),
            "config/local.py": "SECRET_KEY = 'local'\n",
            "tests/test_api.py": "PASSWORD = 'hunter2'\n",
        }
    )
    assert check(root) == []


def test_keywords_jwt_keys_and_urls_in_calls(project: Project) -> None:
    root = project(
        {
            "clients.py": (
                "import jwt\nimport redis\nfrom sqlalchemy import create_engine\n\n"
                "cache = redis.Redis(password='R3dis')\n"
                "engine = create_engine('mysql://root:Xy9z@db.example.net/shop')\n"
                "token = jwt.encode({}, 'k3y', algorithm='HS256')\n"
                "form = dict(description='postgresql://u:S3cr3t@db.example.com/x')\n"
            )
        }
    )
    assert rows(check(root), root) == [("clients.py", 5), ("clients.py", 6), ("clients.py", 7)]


def test_flask_config_object_attributes_are_checked(project: Project) -> None:
    root = project(
        {
            "config.py": (
                "import os\n\n\nclass Config:\n"
                "    SECRET_KEY = os.environ.get('SECRET_KEY') or 'you-will-never-guess'\n"
                "    MAIL_PASSWORD = 'smtp-pw'\n"
            )
        }
    )
    assert rows(check(root), root) == [("config.py", 5), ("config.py", 6)]
