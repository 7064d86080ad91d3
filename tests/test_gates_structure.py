"""The structure family's ast gate (``StructureCollector.applies``): no on code with nothing to
record, yes on every kind of fact, and never no where the full pass records something."""

from __future__ import annotations

import ast
import textwrap

import libcst as cst
import pytest

from backlint.rule import PythonFile, RuleContext
from backlint.rules.structure import StructureCollector
from backlint.sources.view import SourceView

MODULE = "app.module"


def judge(source: str) -> tuple[bool, bool]:
    """(what the gate says, whether the collector records anything)."""
    text = textwrap.dedent(source)
    assert any(t in text for t in StructureCollector.required_text), "text gate"
    tree = ast.parse(text)
    context = RuleContext()
    view = SourceView("app/module.py", text, tree, MODULE, False, context)
    gate = StructureCollector.applies(view)
    file = PythonFile("app/module.py", text, cst.parse_module(text), MODULE, False, tree=tree)
    collector = StructureCollector(file, context)
    cst.visit_batched(file.module, [collector])
    facts = collector.facts
    assert gate or not facts, f"the gate says no, the collector records {facts}"
    return gate, bool(facts)


@pytest.mark.parametrize(
    "source",
    [
        # Django's settings and its own `Table(` (schema editor references).
        """
        from django.conf import settings
        from django.db.backends.ddl_references import Columns, Table
        from django.test.utils import override_settings


        class UserSettingsHolder:
            '''Holder for user configured Settings.'''

            SETTINGS_MODULE = None

            def __init__(self, default_settings):
                self.default_settings = default_settings


        def references(model, quote_name):
            table = Table(model._meta.db_table, quote_name)
            return Columns(table.table, ["id"], quote_name)


        @override_settings(DEBUG=True)
        def check():
            return settings.DEBUG
        """,
        # Words only: create_all, load_dotenv, table=True, Column( in text.
        """
        '''Unlike metadata.create_all(), migrations alter tables; load_dotenv is not used.'''


        def create_all(objects, table=True):
            # Column( widths
            return [o for o in objects if table]


        class Report:
            columns = ["name"]
            table = create_all([], table=True)
        """,
    ],
)
def test_no(source: str) -> None:
    gate, found = judge(source)
    assert not found
    assert not gate


@pytest.mark.parametrize(
    "source",
    [
        "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
        "    debug: bool = False\n",
        # A base of another module whose name says it is settings.
        "from app.config import AppSettings\n\n\nclass Settings(AppSettings):\n    pass\n",
        "from sqlmodel import SQLModel\n\n\nclass Hero(SQLModel, table=True):\n    id: int\n",
        "from app.db import Base\n\n\nclass User(Base):\n    __tablename__ = 'users'\n",
        # A Column( anywhere in a class body, in a function too.
        "def make(Base, sa):\n    class User(Base):\n        id = sa.Column(sa.Integer)\n"
        "    return User\n",
        "from dotenv import load_dotenv\n\nload_dotenv('.env.local')\n",
        "import sqlalchemy as sa\n\nusers = sa.Table('users', sa.MetaData())\n",
        "from app.db import Base, engine\n\nBase.metadata.create_all(engine)\n",
        "from app.config import Settings\n\nsettings = Settings(_env_file='.env.prod')\n",
    ],
)
def test_yes(source: str) -> None:
    gate, found = judge(source)
    assert found, "a candidate the collector does not record proves nothing"
    assert gate
