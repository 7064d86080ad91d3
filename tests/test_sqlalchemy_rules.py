"""The SQLAlchemy rules (BK201-BK207): what they report, what they leave alone, how they fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst
import pytest

from backlint.discovery import discover
from backlint.engine import RunResult, run
from backlint.fixes import fix_files
from backlint.registry import RuleSet
from backlint.rule import RuleContext
from backlint.rules.sqlalchemy.options import SqlalchemyOptions

BASE = """\
from sqlalchemy.orm import declarative_base

Base = declarative_base()
"""


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")


def context(version: tuple[int, int] = (3, 11), **options: object) -> RuleContext:
    table = {key.replace("_", "-"): value for key, value in options.items()}
    return RuleContext(
        target_version=version, options={"sqlalchemy": SqlalchemyOptions.model_validate(table)}
    )


def run_project(
    root: Path, files: dict[str, str], settings: RuleContext | None = None
) -> RunResult:
    """The family's run over ``files``; in the tests' verification mode, a rule left out
    (``RunResult.dormant``) that would have found something is one of its errors."""
    write(root, files)
    found = discover([str(root)], root=str(root))
    rules = RuleSet.select(["BK2"], [])
    result = run(found, rules=rules, context=settings or context(), root=str(root))
    assert result.errors == []
    return result


def check(
    root: Path, files: dict[str, str], code: str, settings: RuleContext | None = None
) -> list[str]:
    """``path:row message`` of every diagnostic of ``code``."""
    result = run_project(root, files, settings)
    return [
        f"{Path(d.path).relative_to(root).as_posix()}:{d.start.row} {d.message}"
        for d in result.diagnostics
        if d.code == code
    ]


def fixed(
    root: Path,
    files: dict[str, str],
    path: str,
    *,
    unsafe: bool = False,
    settings: RuleContext | None = None,
) -> str:
    write(root, files)
    found = discover([str(root)], root=str(root))
    outcome = fix_files(
        found,
        rules=RuleSet.select(["BK2"], []),
        context=settings or context(),
        root=str(root),
        unsafe=unsafe,
    )
    data = outcome.fixed.get(str(root / path))
    text = (root / path).read_text("utf-8") if data is None else data.decode("utf-8")
    cst.parse_module(text)
    return text


def model(body: str, imports: str = "from sqlalchemy import Column, Integer, String\n") -> str:
    return imports + BASE + "\n\nclass Thing(Base):\n    __tablename__ = 'things'\n" + body


# -- which classes are mapped ------------------------------------------------------------------


def test_base_imported_from_another_module_is_followed(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/db.py": BASE,
        "app/models.py": """\
            from sqlalchemy import Column, String
            from app.db import Base

            class User(Base):
                name = Column(String)
            """,
    }
    assert check(tmp_path, files, "BK202") == [
        "app/models.py:5 Column `name` is declared in the 1.x style: use "
        "`name: Mapped[str | None] = mapped_column(...)`"
    ]


def test_base_reexported_by_a_package_is_followed(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/db/__init__.py": "from .base import Base\n",
        "app/db/base.py": BASE,
        "app/models.py": """\
            from sqlalchemy import Column, String
            from app.db import Base

            class User(Base):
                name = Column(String)
            """,
    }
    assert len(check(tmp_path, files, "BK202")) == 1


def test_class_with_an_unknown_base_and_no_tablename_is_left_alone(tmp_path: Path) -> None:
    files = {
        "models.py": """\
            from sqlalchemy import Column, String
            from vendor.orm import Base

            class User(Base):
                name = Column(String)
            """
    }
    assert check(tmp_path, files, "BK202") == []


def test_declarative_bases_option_names_an_outside_base(tmp_path: Path) -> None:
    files = {
        "models.py": """\
            from sqlalchemy import Column, String
            from vendor.orm import Base

            class User(Base):
                name = Column(String)
            """
    }
    settings = context(declarative_bases=["vendor.orm.Base"])
    assert len(check(tmp_path, files, "BK202", settings)) == 1


def test_nested_and_function_local_mapped_classes_are_reported(tmp_path: Path) -> None:
    files = {
        "models.py": BASE
        + """
from sqlalchemy import Column, Integer


class Outer:
    class Inner(Base):
        __abstract__ = True
        id = Column(Integer, primary_key=True)


def make():
    class Local(Base):
        __tablename__ = "local"
        id = Column(Integer, primary_key=True)

    class Plain:
        id = Column(Integer)

    return Local, Plain
"""
    }
    assert [line.split(" ", 1)[0] for line in check(tmp_path, files, "BK202")] == [
        "models.py:11",
        "models.py:17",
    ]


def test_mixin_columns_are_converted_only_for_mixins_of_mapped_classes(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/mixins.py": """\
            from sqlalchemy import Column, DateTime

            class Stamped:
                created = Column(DateTime)

            class Unused:
                created = Column(DateTime)
            """,
        "app/models.py": BASE
        + """
from sqlalchemy import Column, Integer
from app.mixins import Stamped


class Page(Stamped, Base):
    __tablename__ = "pages"
    id = Column(Integer, primary_key=True)
""",
    }
    assert [line.split(" ", 1)[0] for line in check(tmp_path, files, "BK202")] == [
        "app/mixins.py:4",
        "app/models.py:11",
    ]


@pytest.mark.parametrize(
    "source",
    [
        "import django_tables2 as tables\n\nclass T(tables.Table):\n"
        "    __tablename__ = 't'\n    name = tables.Column()\n",
        "class Column:\n    pass\n\nclass T:\n    __tablename__ = 't'\n    name = Column()\n",
        "from sqlalchemy import Column, MetaData, Table, Integer\n\n"
        "t = Table('t', MetaData(), Column('id', Integer, primary_key=True))\n",
        "import sqlalchemy as sa\nfrom alembic import op\n\ndef upgrade():\n"
        "    op.add_column('t', sa.Column('x', sa.String()))\n",
        "from sqlmodel import SQLModel\nfrom sqlalchemy import Column, String\n\n"
        "class Hero(SQLModel, table=True):\n    __tablename__ = 'heroes'\n"
        "    name = Column(String)\n",
        "from sqlalchemy import Column, String\n\nclass T:\n    __table__ = None\n"
        "    __tablename__ = 't'\n    name = Column(String)\n",
    ],
    ids=["django-tables2", "local-column", "core-table", "alembic", "sqlmodel", "table"],
)
def test_columns_that_are_not_declarative_attributes_are_left_alone(
    tmp_path: Path, source: str
) -> None:
    assert check(tmp_path, {"m.py": source}, "BK202") == []


def test_flask_sqlalchemy_db_of_another_module(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/ext.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
        "app/models.py": """\
            from app.ext import db

            class Note(db.Model):
                title = db.Column(db.String(80))
            """,
        "app/other.py": """\
            from app import helpers

            class Form:
                __tablename__ = "forms"
                title = helpers.Column(helpers.String(80))
            """,
    }
    assert check(tmp_path, files, "BK202") == [
        "app/models.py:4 Column `title` is declared in the 1.x style: use "
        "`title: Mapped[str | None] = mapped_column(...)`"
    ]


# -- nullability and types ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "annotation"),
    [
        ("Column(String)", "Mapped[str | None]"),
        ("Column(String(20), nullable=False)", "Mapped[str]"),
        ("Column(Integer, primary_key=True)", "Mapped[int]"),
        ("Column(Integer, primary_key=True, nullable=True)", "Mapped[int | None]"),
        ("Column(Integer, Identity())", "Mapped[int]"),
        ("Column(Integer, primary_key=False)", "Mapped[int | None]"),
        ("Column('given_name', String(50), nullable=False)", "Mapped[str]"),
        ("Column(type_=String(5))", "Mapped[str | None]"),
    ],
)
def test_annotation_is_optional_exactly_when_the_column_is_nullable(
    tmp_path: Path, column: str, annotation: str
) -> None:
    source = model(
        f"    value = {column}\n",
        "from sqlalchemy import Column, Identity, Integer, String\n",
    )
    (line,) = check(tmp_path, {"m.py": source}, "BK202")
    assert f"`value: {annotation} = mapped_column(...)`" in line


def test_primary_key_constraint_makes_its_columns_not_null(tmp_path: Path) -> None:
    source = model(
        "    __table_args__ = (PrimaryKeyConstraint('a', 'b'),)\n"
        "    a = Column(Integer)\n    b = Column(Integer)\n    c = Column(Integer)\n",
        "from sqlalchemy import Column, Integer, PrimaryKeyConstraint\n",
    )
    assert [line.rsplit("use ", 1)[1] for line in check(tmp_path, {"m.py": source}, "BK202")] == [
        "`a: Mapped[int] = mapped_column(...)`",
        "`b: Mapped[int] = mapped_column(...)`",
        "`c: Mapped[int | None] = mapped_column(...)`",
    ]


def test_non_literal_primary_key_gets_no_fix(tmp_path: Path) -> None:
    source = model("    id = Column(Integer, primary_key=KEYED)\n")
    text = fixed(tmp_path, {"m.py": "KEYED = True\n" + source}, "m.py", unsafe=True)
    assert "id = Column(Integer, primary_key=KEYED)" in text


def test_foreign_key_takes_the_type_of_a_core_table_column(tmp_path: Path) -> None:
    files = {
        "tables.py": "from sqlalchemy import Column, MetaData, String, Table\n\n"
        "codes = Table('codes', MetaData(), Column('code', String(3), primary_key=True))\n",
        "m.py": model(
            "    code = Column(ForeignKey('codes.code'), nullable=False)\n"
            "    other = Column(ForeignKey('things.code'))\n",
            "from sqlalchemy import Column, ForeignKey\n",
        ),
    }
    assert [line.rsplit("use ", 1)[1] for line in check(tmp_path, files, "BK202")] == [
        "`code: Mapped[str] = mapped_column(...)`",
        "`other: Mapped[str | None] = mapped_column(...)`",
    ]


def test_unresolved_foreign_key_gets_an_unsafe_int(tmp_path: Path) -> None:
    source = model(
        "    ref = Column(ForeignKey('elsewhere.id'))\n",
        "from sqlalchemy import Column, ForeignKey\n",
    )
    assert "ref = Column(" in fixed(tmp_path, {"m.py": source}, "m.py")
    text = fixed(tmp_path, {"m.py": source}, "m.py", unsafe=True)
    assert "ref: Mapped[int | None] = mapped_column(ForeignKey('elsewhere.id'))" in text


def test_enum_of_an_imported_class_is_confirmed_across_modules(tmp_path: Path) -> None:
    files = {
        "kinds.py": "import enum\n\nclass Kind(enum.Enum):\n    A = 'a'\n",
        "m.py": model(
            "    kind = Column(Enum(Kind), nullable=False)\n",
            "from sqlalchemy import Column, Enum\nfrom kinds import Kind\n",
        ),
    }
    text = fixed(tmp_path, files, "m.py")
    assert "kind: Mapped[Kind] = mapped_column(Enum(Kind), nullable=False)" in text


# -- how names are written ---------------------------------------------------------------------


def test_annotation_avoids_names_shadowed_by_class_attributes(tmp_path: Path) -> None:
    source = model(
        "    date = Column(Date)\n    uuid = Column(Uuid)\n",
        "from datetime import date\nfrom sqlalchemy import Column, Date, Uuid\n",
    )
    text = fixed(tmp_path, {"m.py": source}, "m.py")
    assert "date: Mapped[datetime.date | None] = mapped_column(Date)" in text
    assert "uuid: Mapped[UUID | None] = mapped_column(Uuid)" in text
    assert "\nimport datetime\n" in text


def test_annotation_falls_back_to_an_alias_when_every_name_is_taken(tmp_path: Path) -> None:
    source = model(
        "    date = Column(Date)\n    datetime = Column(Date)\n",
        "from datetime import date\nfrom sqlalchemy import Column, Date\n",
    )
    text = fixed(tmp_path, {"m.py": source}, "m.py")
    assert "date: Mapped[date_ | None] = mapped_column(Date)" in text
    assert "from datetime import date, date as date_\n" in text


def test_sqlalchemy_uuid_name_is_not_shadowed_by_the_import(tmp_path: Path) -> None:
    source = model(
        "    key = Column(UUID(as_uuid=True), primary_key=True)\n",
        "from sqlalchemy import Column\nfrom sqlalchemy.dialects.postgresql import UUID\n",
    )
    text = fixed(tmp_path, {"m.py": source}, "m.py")
    assert "key: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)" in text
    assert "\nimport uuid\n" in text


def test_names_imported_only_for_type_checking_are_not_used(tmp_path: Path) -> None:
    source = model(
        "    price = Column(Numeric(10, 2))\n",
        "from typing import TYPE_CHECKING\nfrom sqlalchemy import Column, Numeric\n"
        "if TYPE_CHECKING:\n    from decimal import Decimal\n",
    )
    text = fixed(tmp_path, {"m.py": source}, "m.py")
    assert "price: Mapped[decimal.Decimal | None]" in text


@pytest.mark.parametrize(
    ("version", "style", "expected"),
    [
        ((3, 9), "auto", "Mapped[Optional[str]]"),
        ((3, 11), "auto", "Mapped[str | None]"),
        ((3, 11), "optional", "Mapped[Optional[str]]"),
        ((3, 9), "union", "Mapped[Optional[str]]"),
    ],
)
def test_optional_style_follows_target_version_and_option(
    tmp_path: Path, version: tuple[int, int], style: str, expected: str
) -> None:
    source = "from __future__ import annotations\n" + model("    name = Column(String)\n")
    settings = context(version, optional_style=style)
    assert f"name: {expected}" in fixed(tmp_path, {"m.py": source}, "m.py", settings=settings)


def test_file_already_using_optional_keeps_it(tmp_path: Path) -> None:
    source = "from typing import Optional\n" + model("    name = Column(String)\n")
    assert "name: Mapped[Optional[str]]" in fixed(tmp_path, {"m.py": source}, "m.py")


def test_fixing_twice_changes_nothing(tmp_path: Path) -> None:
    source = model("    id = Column(Integer, primary_key=True)\n    name = Column(String)\n")
    once = fixed(tmp_path, {"m.py": source}, "m.py", unsafe=True)
    assert fixed(tmp_path, {"m.py": once}, "m.py", unsafe=True) == once


# -- BK201 and BK205 ---------------------------------------------------------------------------


def test_declarative_base_with_a_mixin_of_another_module_is_unsafe(tmp_path: Path) -> None:
    files = {
        "mixins.py": "class Mixin:\n    pass\n",
        "db.py": "from sqlalchemy.orm import declarative_base\nfrom mixins import Mixin\n\n"
        "Base = declarative_base(cls=Mixin)\n",
    }
    assert "declarative_base(cls=Mixin)" in fixed(tmp_path, files, "db.py")
    assert "class Base(Mixin, DeclarativeBase):" in fixed(tmp_path, files, "db.py", unsafe=True)


def test_declarative_base_keeps_an_import_still_used_elsewhere(tmp_path: Path) -> None:
    source = (
        "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n"
        "Other = declarative_base(name='Other')\n"
    )
    text = fixed(tmp_path, {"db.py": source}, "db.py")
    assert text == (
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n"
        "    pass\n\n\nclass Other(DeclarativeBase):\n    pass\n"
    )


def test_legacy_import_of_a_name_that_did_not_move_is_left(tmp_path: Path) -> None:
    source = "from sqlalchemy.ext.declarative import ConcreteBase, DeferredReflection\n"
    assert check(tmp_path, {"m.py": source}, "BK205") == []


# -- BK203 -------------------------------------------------------------------------------------


def test_relationship_target_in_another_module_is_imported_for_type_checkers(
    tmp_path: Path,
) -> None:
    files = {
        "app/__init__.py": "",
        "app/db.py": BASE,
        "app/catalog.py": """\
            from sqlalchemy import Column, Integer
            from app.db import Base

            class Product(Base):
                __tablename__ = "products"
                id = Column(Integer, primary_key=True)
            """,
        "app/sales.py": """\
            from sqlalchemy import Column, ForeignKey
            from sqlalchemy.orm import relationship
            from app.db import Base

            class Sale(Base):
                __tablename__ = "sales"
                product_id = Column(ForeignKey("products.id"), primary_key=True)
                product = relationship("Product")
            """,
    }
    text = fixed(tmp_path, files, "app/sales.py", unsafe=True)
    assert 'product: Mapped["Product"] = relationship("Product")' in text
    assert "if TYPE_CHECKING:\n    from .catalog import Product\n" in text


def test_relationship_with_foreign_keys_on_both_sides_gets_no_fix(tmp_path: Path) -> None:
    source = BASE + textwrap.dedent(
        """
        from sqlalchemy import Column, ForeignKey, Integer
        from sqlalchemy.orm import relationship

        class A(Base):
            __tablename__ = "a"
            id = Column(Integer, primary_key=True)
            b_id = Column(ForeignKey("b.id"))
            b = relationship("B")

        class B(Base):
            __tablename__ = "b"
            id = Column(Integer, primary_key=True)
            a_id = Column(ForeignKey("a.id"))
        """
    )
    assert 'b = relationship("B")' in fixed(tmp_path, {"m.py": source}, "m.py", unsafe=True)
    assert check(tmp_path, {"m.py": source}, "BK203") == [
        "m.py:12 Relationship `b` has no `Mapped[...]` annotation"
    ]


# -- BK204, BK206, BK207 -----------------------------------------------------------------------


SESSION_MODEL = """\
from sqlalchemy import Column, Integer
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
"""


@pytest.mark.parametrize(
    ("code", "flagged"),
    [
        ("def f(db: Session):\n    return db.query(User).all()\n", True),
        ("def f(session):\n    return session.query(User).first()\n", True),
        ("def f(repo):\n    return repo.query(User)\n", False),
        ("def f(db):\n    return db.query('SELECT 1')\n", False),
        ("def f(frame):\n    return frame.query('a > 1')\n", False),
    ],
)
def test_query_is_reported_only_on_sessions(tmp_path: Path, code: str, flagged: bool) -> None:
    found = check(tmp_path, {"m.py": SESSION_MODEL + "\n\n" + code}, "BK204")
    assert bool(found) == flagged


@pytest.mark.parametrize(
    ("code", "flagged"),
    [
        ("import sqlite3\nc = sqlite3.connect('x').cursor()\nc.execute('SELECT 1')\n", False),
        ("from sqlalchemy.orm import sessionmaker\nS = sessionmaker(autocommit=False)\n", False),
        ("from sqlalchemy import MetaData\nm = MetaData('schema')\n", False),
        ("from sqlalchemy import text\ndef f(conn):\n    conn.execute('SELECT 1')\n", False),
        (
            "from sqlalchemy import create_engine\ne = create_engine('sqlite://')\n"
            "e.execute('SELECT 1')\n",
            True,
        ),
        ("from sqlalchemy import select\nselect([1])\n", True),
        (
            "from sqlalchemy.orm import Session\ndef f(s: Session):\n    s.execute('SELECT 1')\n",
            True,
        ),
    ],
)
def test_removed_apis_are_reported_only_on_sqlalchemy_objects(
    tmp_path: Path, code: str, flagged: bool
) -> None:
    assert bool(check(tmp_path, {"m.py": code}, "BK207")) == flagged


def test_engine_created_in_another_module_is_known(tmp_path: Path) -> None:
    files = {
        "db.py": "from sqlalchemy import create_engine\n\nengine = create_engine('sqlite://')\n",
        "jobs.py": "from db import engine\n\nengine.execute('DELETE FROM jobs')\n",
        "other.py": "from clients import engine\n\nengine.execute('DELETE FROM jobs')\n",
    }
    assert [line.split(" ", 1)[0] for line in check(tmp_path, files, "BK207")] == ["jobs.py:3"]


def test_backref_message_names_the_attribute_to_declare(tmp_path: Path) -> None:
    source = SESSION_MODEL + (
        "\n\nfrom sqlalchemy.orm import relationship\n\n"
        "class Team(Base):\n    __tablename__ = 'teams'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    members = relationship('User', backref='team')\n"
    )
    assert check(tmp_path, {"m.py": source}, "BK206") == [
        "m.py:17 `backref=` is legacy: declare `User.team` as a `relationship()` with "
        '`back_populates="members"`, and use `back_populates="team"` here'
    ]


def test_column_used_as_a_column_object_in_the_class_body_gets_no_fix(tmp_path: Path) -> None:
    source = model(
        "    id = Column(Integer, primary_key=True)\n"
        "    name = Column(String)\n"
        "    by_id = column_property(select(id.label('x')).scalar_subquery())\n"
        "    ordered = relationship('Thing', order_by=name.desc())\n",
        "from sqlalchemy import Column, Integer, String, select\n"
        "from sqlalchemy.orm import column_property, relationship\n",
    )
    text = fixed(tmp_path, {"m.py": source}, "m.py", unsafe=True)
    assert "    id = Column(Integer, primary_key=True)\n" in text
    assert "    name: Mapped[str | None] = mapped_column(String)\n" in text


def test_declarative_base_imported_under_another_name_is_renamed(tmp_path: Path) -> None:
    source = "from sqlalchemy.orm import declarative_base as make_base\n\nBase = make_base()\n"
    assert fixed(tmp_path, {"db.py": source}, "db.py") == (
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n"
    )


def test_foreign_key_to_a_column_of_a_two_point_oh_class(tmp_path: Path) -> None:
    files = {
        "teams.py": "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n"
        "class Team(Base):\n    __tablename__ = 'teams'\n"
        "    code: Mapped[str] = mapped_column(primary_key=True)\n",
        "players.py": "from sqlalchemy import Column, ForeignKey, Integer\n"
        "from teams import Base\n\n"
        "class Player(Base):\n    __tablename__ = 'players'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    team = Column(ForeignKey('teams.code'))\n",
    }
    assert check(tmp_path, files, "BK202")[-1].endswith(
        "use `team: Mapped[str | None] = mapped_column(...)`"
    )


def test_one_fix_imports_every_target_the_file_needs(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/db.py": BASE,
        "app/catalog.py": "from sqlalchemy import Column, Integer\nfrom app.db import Base\n\n"
        "class Product(Base):\n    __tablename__ = 'products'\n"
        "    id = Column(Integer, primary_key=True)\n\n"
        "class Shop(Base):\n    __tablename__ = 'shops'\n"
        "    id = Column(Integer, primary_key=True)\n",
        "app/sales.py": "from sqlalchemy import Column, ForeignKey\n"
        "from sqlalchemy.orm import relationship\nfrom app.db import Base\n\n"
        "class Sale(Base):\n    __tablename__ = 'sales'\n"
        "    product_id = Column(ForeignKey('products.id'), primary_key=True)\n"
        "    shop_id = Column(ForeignKey('shops.id'), nullable=False)\n"
        "    product = relationship('Product')\n    shop = relationship('Shop')\n",
    }
    text = fixed(tmp_path, files, "app/sales.py", unsafe=True)
    assert "if TYPE_CHECKING:\n    from .catalog import Product, Shop\n" in text
    assert "product: Mapped[\"Product\"] = relationship('Product')" in text
    assert "shop: Mapped[\"Shop\"] = relationship('Shop')" in text


def test_classes_across_modules_beside_django_models(tmp_path: Path) -> None:
    """A mapped class whose base and relationship target live in other files is decided as
    before, next to Django models (one named like the target) whose files are skipped."""
    files = {
        "app/__init__.py": "",
        "app/db.py": BASE,
        "app/abstract.py": """\
            from app.db import Base


            class Model(Base):
                __abstract__ = True
            """,
        "app/parents.py": """\
            from sqlalchemy import Column, Integer
            from sqlalchemy.orm import relationship

            from app.abstract import Model


            class Parent(Model):
                __tablename__ = "parents"
                id = Column(Integer, primary_key=True)
                children = relationship("Child")
            """,
        "app/children.py": """\
            from sqlalchemy import Column, ForeignKey, Integer

            from app.abstract import Model


            class Child(Model):
                __tablename__ = "children"
                id = Column(Integer, primary_key=True)
                parent_id = Column(ForeignKey("parents.id"), nullable=False)
            """,
        "shop/__init__.py": "",
        "shop/models.py": """\
            '''Shop models (a relationship in Django terms; Column names below).'''

            from django.db import models


            class Child(models.Model):
                name = models.CharField(max_length=10)

                class Meta:
                    ordering = ["name"]
            """,
    }
    assert check(tmp_path, files, "BK203") == [
        "app/parents.py:10 Relationship `children` has no `Mapped[...]` annotation: use "
        '`children: Mapped[list["Child"]] = relationship(...)`'
    ]
    columns = check(tmp_path, files, "BK202")
    assert [c.split(" ", 1)[0] for c in columns] == [
        "app/children.py:8",
        "app/children.py:9",
        "app/parents.py:9",
    ]
    text = fixed(tmp_path, files, "app/parents.py", unsafe=True)
    assert "    from .children import Child\n" in text


@pytest.mark.parametrize(
    "imports",
    [
        "from .base import Base\nfrom .mixins import Stamped\n",
        "from django.base import Base\nfrom django.mixins import Stamped\n",
    ],
)
def test_project_named_like_a_foreign_package_keeps_its_mixins(
    tmp_path: Path, imports: str
) -> None:
    """A package of the project named like one the family knows not to be SQLAlchemy's: its
    own classes, imported relatively or absolutely, still count as possibly mapped."""
    files = {
        "django/__init__.py": "",
        "django/base.py": BASE,
        "django/mixins.py": """\
            from sqlalchemy import Column, DateTime


            class Stamped:
                created = Column(DateTime)
            """,
        "django/models.py": "from sqlalchemy import Column, Integer\n"
        + imports
        + """

class User(Stamped, Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
""",
    }
    assert [c.split(" ", 1)[0] for c in check(tmp_path, files, "BK202")] == [
        "django/mixins.py:5",
        "django/models.py:8",
    ]


# -- projects that never name SQLAlchemy -------------------------------------------------------

# The rules and collector that declare project tokens (``names.PROJECT_TOKENS``).
LEFT_OUT = {"DeclarativeBaseCall", "LegacyImport", "Backref", "RelationshipCollector"}


def test_rules_are_left_out_of_a_project_that_never_names_sqlalchemy(tmp_path: Path) -> None:
    """Look-alikes of every rule's subject, with ``db`` and ``Base`` from an unknown module:
    nothing is found, and the verification run (tests check every rule left out) agrees."""
    files = {
        "app/__init__.py": "",
        "app/models.py": """\
            from vendor.ext import db, declarative_base, relationship, backref
            from vendor.ext.declarative import declared_attr

            Base = declarative_base()


            class User(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                posts = db.relationship("Post", backref="author")
                groups = relationship("Group", backref=backref("users"))


            class Group(Base):
                name = db.Column(db.String)
            """,
        "app/views.py": """\
            from app.models import Group, User


            def users(session, engine, db):
                engine.execute("select 1")
                db.session.query(User).all()
                session.query(Group).first()
                return select([User.id])
            """,
    }
    result = run_project(tmp_path, files)
    # No `__tablename__` either: BK202 has nothing to record for BK204.
    assert result.dormant == {*LEFT_OUT, "UntypedColumn"}
    assert [d.code for d in result.diagnostics] == []


def test_a_mention_anywhere_keeps_every_rule(tmp_path: Path) -> None:
    files = {"a.py": "def f(session):\n    return session\n", "b.py": "import sqlalchemy\n"}
    assert run_project(tmp_path, files).dormant == frozenset()


def test_rules_reporting_without_any_mention_stay(tmp_path: Path) -> None:
    """A class naming its ``__tablename__`` is mapped whatever it imports (BK202 records so
    for other files, BK204 reports its queries), and BK207 knows two removed APIs by their
    spelling: the rules that do so have no project tokens."""
    files = {
        "app/__init__.py": "",
        "app/models.py": """\
            from vendor.orm import Base


            class User(Base):
                __tablename__ = "users"
            """,
        "app/views.py": """\
            from app.models import User


            def names(session, conn, engine, Base):
                conn.execution_options(autocommit=True)
                Base.metadata.bind = engine
                return session.query(User).all()
            """,
    }
    result = run_project(tmp_path, files)
    assert result.dormant == LEFT_OUT
    assert [(Path(d.path).name, d.start.row, d.code) for d in result.diagnostics] == [
        ("views.py", 5, "BK207"),
        ("views.py", 6, "BK207"),
        ("views.py", 7, "BK204"),
    ]


def test_the_declarative_bases_option_keeps_bk202_in_the_pass(tmp_path: Path) -> None:
    """No file mentions SQLAlchemy or a `__tablename__`, but the option names an outside
    declarative base: classes deriving from it are mapped, and BK202 records them."""
    files = {
        "app/__init__.py": "",
        "app/models.py": "from vendor.orm import Base\n\n\nclass User(Base):\n    pass\n",
    }
    settings = context(declarative_bases=["vendor.orm.Base"])
    assert run_project(tmp_path, files, settings).dormant == LEFT_OUT
    assert run_project(tmp_path, files).dormant == {*LEFT_OUT, "UntypedColumn"}


def test_flask_sqlalchemy_db_of_another_module_wakes_the_rules(tmp_path: Path) -> None:
    """Only app/ext.py names Flask-SQLAlchemy; the models and views using its ``db`` are
    checked by every rule."""
    files = {
        "app/__init__.py": "",
        "app/ext.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
        "app/models.py": """\
            from app.ext import db


            class User(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                posts = db.relationship("Post", backref="author")


            class Post(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
            """,
        "app/views.py": """\
            from app.ext import db
            from app.models import User


            def users():
                return db.session.query(User).all()
            """,
    }
    result = run_project(tmp_path, files)
    assert result.dormant == frozenset()
    assert [(Path(d.path).name, d.start.row, d.code) for d in result.diagnostics] == [
        ("models.py", 5, "BK202"),
        ("models.py", 6, "BK203"),
        ("models.py", 6, "BK206"),
        ("models.py", 10, "BK202"),
        ("models.py", 11, "BK202"),
        ("views.py", 6, "BK204"),
    ]


def test_declarative_base_of_another_module_wakes_the_rules(tmp_path: Path) -> None:
    """Only app/db.py names SQLAlchemy; a class of app/models.py deriving from its base is
    mapped, and app/views.py's query of it is reported."""
    files = {
        "app/__init__.py": "",
        "app/db.py": """\
            from sqlalchemy.orm import DeclarativeBase


            class Base(DeclarativeBase):
                pass
            """,
        "app/models.py": """\
            from app.db import Base


            class Account(Base):
                pass
            """,
        "app/views.py": """\
            from app.models import Account


            def accounts(session):
                return session.query(Account).all()
            """,
    }
    result = run_project(tmp_path, files)
    assert result.dormant == frozenset()
    assert [(Path(d.path).name, d.start.row, d.code) for d in result.diagnostics] == [
        ("views.py", 5, "BK204")
    ]
