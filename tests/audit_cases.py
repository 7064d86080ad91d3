"""Projects the audit tests run on, and helpers to read what ``check`` and ``audit`` print."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conftest import CliResult

Cli = Callable[..., CliResult]
Project = Callable[[dict[str, str | bytes]], Path]

# A small FastAPI service with something wrong in most families: manifests, SQLAlchemy 1.x
# models, Pydantic v1 schemas, no CORS, and services importing the API (an upward import
# that also closes a cycle).
MESSY: dict[str, str | bytes] = {
    "requirements.txt": "fastapi\nsqlalchemy>=2.0\npython-redis>=5\nrequests>=2\nrequests>=2\n",
    "app/__init__.py": "",
    "app/main.py": (
        "from fastapi import FastAPI\n\nfrom app.api.routes import router\n\n"
        "app = FastAPI()\napp.include_router(router)\n"
    ),
    "app/api/__init__.py": "",
    "app/api/routes.py": (
        "import yaml\nfrom fastapi import APIRouter\n\n"
        "from app.schemas.user import UserIn\nfrom app.services.users import create\n\n"
        "router = APIRouter()\n"
    ),
    "app/services/__init__.py": "",
    "app/services/users.py": (
        "from app.api.routes import router\nfrom app.models.user import User\n\n\n"
        "def create(name):\n    return User(name=name)\n"
    ),
    "app/models/__init__.py": "",
    "app/models/user.py": (
        "from sqlalchemy import Column, Integer, String\n"
        "from sqlalchemy.orm import declarative_base\n\n"
        "Base = declarative_base()\n\n\n"
        "class User(Base):\n    __tablename__ = 'users'\n"
        "    id = Column(Integer, primary_key=True)\n    name = Column(String(50))\n"
    ),
    "app/schemas/__init__.py": "",
    "app/schemas/user.py": (
        "from pydantic import BaseModel, validator\n\n\n"
        "class UserIn(BaseModel):\n    name: str\n\n"
        "    @validator('name')\n    def strip(cls, v):\n        return v.strip()\n\n"
        "    class Config:\n        orm_mode = True\n"
    ),
}

# The same kind of service with nothing wrong.
CLEAN: dict[str, str | bytes] = {
    "requirements.txt": (
        "fastapi==0.115.0\nsqlalchemy==2.0.36\npydantic==2.9.2\npydantic-settings==2.5.2\n"
        "uvicorn==0.30.6\nalembic==1.13.3\n"
    ),
    ".gitignore": ".env\n",
    ".env.example": "CORS_ORIGINS=[]\n",
    "app/__init__.py": "",
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from fastapi.middleware.cors import CORSMiddleware\n\n"
        "from app.api.routes import router\nfrom app.core.config import settings\n\n"
        "app = FastAPI()\n"
        "app.add_middleware(\n    CORSMiddleware,\n    allow_origins=settings.cors_origins,\n"
        '    allow_methods=["GET"],\n)\napp.include_router(router)\n\n\n'
        '@app.get("/healthz")\ndef health() -> dict[str, str]:\n    return {"status": "ok"}\n'
    ),
    "app/api/__init__.py": "",
    "app/api/routes.py": (
        "from fastapi import APIRouter\n\nfrom app.services.users import list_users\n\n"
        'router = APIRouter()\n\n\n@router.get("/users")\n'
        "def users() -> list[str]:\n    return list_users()\n"
    ),
    "app/services/__init__.py": "",
    "app/services/users.py": (
        "from app.models.user import User\n\n\n"
        "def list_users() -> list[str]:\n    return [User.__tablename__]\n"
    ),
    "app/models/__init__.py": "",
    "app/models/user.py": (
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n\n"
        'class User(Base):\n    __tablename__ = "users"\n\n'
        "    id: Mapped[int] = mapped_column(primary_key=True)\n    name: Mapped[str]\n"
    ),
    "app/core/__init__.py": "",
    "app/core/config.py": (
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"
        "class Settings(BaseSettings):\n"
        '    model_config = SettingsConfigDict(env_file=".env")\n\n'
        '    cors_origins: list[str] = ["https://example.com"]\n\n\n'
        "settings = Settings()\n"
    ),
    "alembic.ini": "[alembic]\nscript_location = alembic\n",
    "alembic/env.py": (
        "from alembic import context\n\nfrom app.models.user import Base\n\n"
        "context.configure(target_metadata=Base.metadata)\n"
    ),
}


def check_json(cli: Cli, root: Path, *args: str) -> list[dict[str, Any]]:
    """What ``backlint check --output-format json`` reports from ``root``."""
    result = cli("check", "--no-cache", "--output-format", "json", *args, cwd=root)
    assert result.code in (0, 1), result.err
    return json.loads(result.out)


def audit_json(cli: Cli, root: Path, *args: str) -> dict[str, Any]:
    """What ``backlint audit --format json`` reports from ``root``."""
    result = cli("audit", "--no-cache", "--format", "json", *args, cwd=root)
    assert result.code == 0, result.err
    return json.loads(result.out)


def applicability(item: dict[str, Any]) -> str | None:
    return item["fix"]["applicability"] if item["fix"] else None


def counts_by(items: list[dict[str, Any]], key: Callable[[dict[str, Any]], str]) -> Counter[str]:
    return Counter(key(item) for item in items)
