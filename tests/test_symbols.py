"""Names across modules: qualification in one file, kinds resolved over the whole project."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import ClassVar

import libcst as cst
import pytest

from backlint.diagnostics import Condition
from backlint.discovery import FileKind, SourceFile
from backlint.engine import run
from backlint.facts import SymbolFact
from backlint.registry import RuleSet
from backlint.rule import PythonRule, RuleContext
from backlint.sources.symbols import KindResolver, ModuleSymbols, module_name

MODEL = "test:model"


class ConfigInModel(PythonRule):
    """Flags `class Config` inside classes that derive, across modules, from a model base."""

    code = "BK991"
    name = "config-in-model"
    family = "test"
    summary = "Config in a model"
    known_kinds: ClassVar = {"pydantic.BaseModel": frozenset({MODEL})}

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        for statement in node.body.body:
            if isinstance(statement, cst.ClassDef) and statement.name.value == "Config":
                owner = self.file.qualname(node.name.value)
                self.report(statement, requires=(Condition(owner, MODEL),))


class SqlModelBase(PythonRule):
    """Flags classes deriving from a Flask-SQLAlchemy `db.Model`, across modules."""

    code = "BK992"
    name = "flask-model"
    family = "test"
    summary = "Flask model"
    known_kinds: ClassVar = {"flask_sqlalchemy.SQLAlchemy().Model": frozenset({"test:mapped"})}

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        owner = self.file.qualname(node.name.value)
        self.report(node.name, requires=(Condition(owner, "test:mapped"),))


def write(root: Path, files: dict[str, str]) -> list[SourceFile]:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return [SourceFile(str(root / r), FileKind.PYTHON, True) for r in sorted(files)]


def flagged(root: Path, files: list[SourceFile], rule: type[PythonRule]) -> list[str]:
    rules = RuleSet(frozenset({rule.code}), (rule,), (), ())
    result = run(files, rules=rules, context=RuleContext(), root=str(root))
    return [f"{os.path.relpath(d.path, root)}:{d.start.row}" for d in result.diagnostics]


def test_condition_confirmed_through_aliases_reexports_and_subclasses(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "from .base import AppModel\n",
            "app/base.py": (
                "from pydantic import BaseModel as BM\n\nclass AppModel(BM):\n    pass\n"
            ),
            "app/user.py": (
                "from app import AppModel\n\nclass User(AppModel):\n    class Config:\n"
                "        orm_mode = True\n"
            ),
            "app/plain.py": "class Plain:\n    class Config:\n        debug = True\n",
            "app/nested/admin.py": (
                "from ..user import User\n\nclass Admin(User):\n    class Config:\n        x = 1\n"
            ),
        },
    )
    assert flagged(tmp_path, files, ConfigInModel) == ["app/nested/admin.py:4", "app/user.py:4"]


def test_attribute_of_an_instance_resolves_through_its_class(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/ext.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
            "app/models.py": "from app.ext import db\n\nclass User(db.Model):\n    pass\n",
            "app/other.py": "from app.ext import db\n\nclass Form(db.Session):\n    pass\n",
        },
    )
    assert flagged(tmp_path, files, SqlModelBase) == ["app/models.py:3"]


def test_absent_condition_keeps_a_diagnostic_only_when_the_kind_is_missing() -> None:
    resolver = KindResolver(
        [SymbolFact("m.A", ("pydantic.BaseModel",)), SymbolFact("m.B", ("m.A",))],
        {"pydantic.BaseModel": frozenset({MODEL})},
    )
    assert MODEL in resolver.kinds("m.B")
    assert resolver.kinds("m.C") == frozenset()


def test_cycles_between_aliases_terminate() -> None:
    resolver = KindResolver(
        [SymbolFact("a.X", ("b.X",)), SymbolFact("b.X", ("a.X",), frozenset({"k"}))], {}
    )
    assert resolver.kinds("a.X") == frozenset({"k"})


@pytest.mark.parametrize(
    ("source", "expression", "expected"),
    [
        ("import pydantic\n", "pydantic.BaseModel", "pydantic.BaseModel"),
        ("import pydantic as pd\n", "pd.BaseModel", "pydantic.BaseModel"),
        ("from pydantic import BaseModel as BM\n", "BM", "pydantic.BaseModel"),
        ("import sqlalchemy.orm\n", "sqlalchemy.orm.Mapped", "sqlalchemy.orm.Mapped"),
        ("from . import models\n", "models.User", "app.models.User"),
        ("from .models import User\n", "User", "app.models.User"),
        ("class Local:\n    pass\n", "Local", "app.mod.Local"),
        ("from x import f\n", "f()", "x.f()"),
        ("", "Unknown", None),
        ("try:\n    import ujson as json\nexcept ImportError:\n    import json\n", "json", "json"),
    ],
)
def test_qualify(source: str, expression: str, expected: str | None) -> None:
    symbols = ModuleSymbols(ast.parse(source), "app.mod", is_package=False)
    assert symbols.qualify(expression) == expected


def test_relative_import_in_a_package_init_starts_at_the_package() -> None:
    symbols = ModuleSymbols(ast.parse("from .base import Base\n"), "app.db", True)
    assert symbols.qualify("Base") == "app.db.base.Base"


@pytest.mark.parametrize(
    ("path", "roots", "expected"),
    [
        ("/p/app/models/user.py", ["/p"], "app.models.user"),
        ("/p/app/__init__.py", ["/p"], "app"),
        ("/p/src/pkg/x.py", ["/p", "/p/src"], "pkg.x"),
        ("/p/main.py", ["/p"], "main"),
        ("/elsewhere/tool.py", ["/p"], "tool"),
    ],
)
def test_module_name_uses_the_deepest_root(path: str, roots: list[str], expected: str) -> None:
    assert module_name(path, roots) == expected


def test_subscripted_bases_derive_from_the_generic_class() -> None:
    source = "from pydantic import RootModel\nfrom app.pages import Page\n\n"
    source += "class Ids(RootModel[list[int]]):\n    pass\n\nclass Users(Page[int]):\n    pass\n"
    symbols = ModuleSymbols(ast.parse(source), "app.mod", is_package=False)
    bases = {fact.qualname: fact.bases for fact in symbols.facts}
    assert bases["app.mod.Ids"] == ("pydantic.RootModel",)
    assert bases["app.mod.Users"] == ("app.pages.Page",)
