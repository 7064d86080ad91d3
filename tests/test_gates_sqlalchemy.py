"""The sqlalchemy family's ast gates (``applies``): no on code with nothing to find, yes on
every kind of candidate, and never no where the full pass reports or records something."""

from __future__ import annotations

import ast
import textwrap

import libcst as cst
import pytest

from backlint.rule import FactCollector, PythonFile, PythonRule, RuleContext
from backlint.rules.sqlalchemy import (
    Backref,
    DeclarativeBaseCall,
    LegacyImport,
    LegacyQueryApi,
    RelationshipCollector,
    RemovedApi,
    UntypedColumn,
)
from backlint.rules.sqlalchemy.names import FOREIGN_PACKAGES
from backlint.rules.sqlalchemy.options import SqlalchemyOptions
from backlint.sources.view import SourceView

MODULE = "app.module"
Checked = type[PythonRule] | type[FactCollector]


def judge(checked: Checked, source: str, context: RuleContext | None = None) -> tuple[bool, bool]:
    """(what the gate says, whether the full pass reports or records anything)."""
    text = textwrap.dedent(source)
    assert any(t in text for t in checked.required_text), "the text gate must let it through"
    tree = ast.parse(text)
    context = context or RuleContext()
    view = SourceView("app/module.py", text, tree, MODULE, False, context)
    gate = checked.applies(view)
    file = PythonFile("app/module.py", text, cst.parse_module(text), MODULE, False, tree=tree)
    visitor = checked(file, context)
    cst.visit_batched(file.module, [visitor])
    found = [*getattr(visitor, "diagnostics", ()), *visitor.facts]
    assert gate or not found, f"the gate says no, the full pass finds {found}"
    return gate, bool(found)


def says_no(checked: Checked, source: str) -> None:
    gate, found = judge(checked, source)
    assert not found
    assert not gate


def says_yes(checked: Checked, source: str, context: RuleContext | None = None) -> None:
    gate, found = judge(checked, source, context)
    assert found, "a candidate the full pass does not report or record proves nothing"
    assert gate


# Django-flavoured code that passes the family's text gates through comments, docstrings and
# names of its own, and holds nothing SQLAlchemy.
QUERIES = '''
    """Helpers for reports (unlike sqlalchemy, Django builds the query lazily).

    Each Column of the report maps to a relationship of the model; a backref or a
    declarative_base is not needed here.
    """

    from django.db import connection


    def column_names(cursor, table):
        # Column names, as Table(...) introspection gives them.
        cursor.execute_many = None
        return [row[0] for row in cursor.description]


    def related(instance, relationship):
        """Follow a relationship, like Column access; see also .query( in the docs."""
        return getattr(instance, relationship).all()


    def count(model):
        queryset = model.objects.filter(active=True)
        return queryset.query.get_compiler("default").as_sql()
'''


def test_no_on_django_like_helpers() -> None:
    for checked in (
        DeclarativeBaseCall,
        UntypedColumn,
        LegacyQueryApi,
        Backref,
        RemovedApi,
        RelationshipCollector,
    ):
        says_no(checked, QUERIES)


# BK201 ---------------------------------------------------------------------------------------


def test_declarative_base_no_when_only_mentioned() -> None:
    says_no(
        DeclarativeBaseCall,
        """
        # Replaces declarative_base(): the 2.0 base below.
        from sqlalchemy.orm import DeclarativeBase


        class Base(DeclarativeBase):
            pass


        def make_base(declarative_base):
            return declarative_base
        """,
    )


@pytest.mark.parametrize(
    "source",
    [
        "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
        "from sqlalchemy.ext.declarative import declarative_base as db\n\nModel = db()\n",
        "import sqlalchemy.orm as orm\n\ntry:\n    Base: type = orm.declarative_base()\n"
        "except ImportError:\n    pass\n",
        "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n"
        "Base = db.declarative_base()\n",
    ],
)
def test_declarative_base_yes(source: str) -> None:
    says_yes(DeclarativeBaseCall, source)


# A Django app's models and forms, whose text mentions SQLAlchemy's names: no class of it can be
# mapped or make a subclass mapped.
DJANGO_MODELS = '''
    """Models of the shop (the Column names of the legacy schema; relationship docs)."""

    import enum
    from django import forms
    from django.db import models


    class ShopError(Exception):
        pass


    class Helper:
        """Not a model."""


    class Status(enum.Enum):
        OPEN = "open"


    class Product(models.Model):
        name = models.CharField(max_length=100)

        class Meta:
            ordering = ["name"]


    class Order(models.Model):
        product = models.ForeignKey(Product, on_delete=models.CASCADE)

        class Meta:
            ordering = ["-id"]


    class OrderForm(forms.ModelForm):
        class Meta:
            model = Order
            fields = ["product"]


    def build():
        class Local(Product):
            pass

        return Local
    '''


# BK202 ---------------------------------------------------------------------------------------


def test_untyped_column_no_on_django_models() -> None:
    says_no(UntypedColumn, DJANGO_MODELS)


def test_untyped_column_no_on_plain_classes() -> None:
    says_no(
        UntypedColumn,
        """
        '''Column descriptions for the CSV export (no Table( here).'''


        class ColumnInfo:
            name: str
            width: int = 10

            def label(self) -> str:
                return self.name.title()


        def mapped_column(name):
            return ColumnInfo(name)
        """,
    )


@pytest.mark.parametrize(
    "source",
    [
        # A declarative base in the file.
        """
        from sqlalchemy import Column, Integer
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class User(Base):
            __tablename__ = "users"
            id = Column(Integer, primary_key=True)
        """,
        # Flask-SQLAlchemy's `db` from another module: conditions for the project pass.
        """
        from app.extensions import db


        class User(db.Model):
            id = db.Column(db.Integer, primary_key=True)
        """,
        # A mixin with no base: reported on condition that a mapped class uses it.
        """
        from sqlalchemy import Column, DateTime


        class Timestamps:
            created = Column(DateTime)
        """,
        # `Mapped[...]` without a value, under a base imported from elsewhere.
        """
        from sqlalchemy.orm import Mapped
        from app.db import Base


        class User(Base):
            name: Mapped[str]
        """,
        # Only facts for other files: the mixin-of fact of a subclass.
        """
        # Columns come from the parent class.
        from app.models import User


        class Admin(User):
            pass
        """,
        # Only facts: the table of a class with no base.
        """
        class Legacy:
            __tablename__ = "legacy"  # Column definitions live in the migration
        """,
        # Only facts: a nested class records its bases.
        """
        class Helper:
            pass


        class Namespace:  # Column names
            class Inner(Helper):
                pass
        """,
        # Only facts: a nested class of a class with a base of the project, which the
        # project pass would otherwise look `Inner` up in.
        """
        from app.models import Model  # Column helpers


        class Namespace(Model):
            class Inner:
                pass
        """,
        # Only facts: the mixin-of fact of a base imported relatively, even from a module
        # whose name is that of a package the family knows not to be SQLAlchemy's.
        """
        from .django import Model  # Column helpers


        class Admin(Model):
            pass
        """,
        # Only facts: a Core table's columns.
        """
        from sqlalchemy import Column, Integer, MetaData, Table

        metadata = MetaData()
        users = Table("users", metadata, Column("id", Integer, primary_key=True))
        """,
        # Only facts: a base with a type map, and a Flask model class.
        """
        from sqlalchemy.orm import declarative_base
        from flask_sqlalchemy import SQLAlchemy

        from app.base import Model

        Base = declarative_base(type_annotation_map={str: "Text"})  # Mapped
        db = SQLAlchemy(model_class=Model)
        """,
    ],
)
def test_untyped_column_yes(source: str) -> None:
    says_yes(UntypedColumn, source)


# BK204 ---------------------------------------------------------------------------------------


def test_legacy_query_no_without_a_query_call() -> None:
    says_no(
        LegacyQueryApi,
        """
        def compile(queryset):
            # like session.query(User) in SQLAlchemy
            return str(queryset.query)
        """,
    )


@pytest.mark.parametrize(
    "source",
    [
        """
        from sqlalchemy.orm import Session


        def first(session: Session, model):
            return session.query(model).filter_by(id=1).first()
        """,
        """
        from app.extensions import db
        from app.models import User


        def users():
            return db.session.query(User).all()
        """,
    ],
)
def test_legacy_query_yes(source: str) -> None:
    says_yes(LegacyQueryApi, source)


# BK205 ---------------------------------------------------------------------------------------


def test_legacy_import_no_for_names_that_stay() -> None:
    says_no(
        LegacyImport,
        """
        # declarative_base moved out of sqlalchemy.ext.declarative; these did not.
        from sqlalchemy.ext.declarative import AbstractConcreteBase, DeferredReflection
        from .sqlalchemy.ext.declarative import declared_attr
        """,
    )


def test_legacy_import_yes() -> None:
    says_yes(
        LegacyImport,
        """
        def build():
            from sqlalchemy.ext.declarative import DeferredReflection, declared_attr
            return DeferredReflection, declared_attr
        """,
    )


# BK206 ---------------------------------------------------------------------------------------


def test_backref_no_with_back_populates_and_other_callees() -> None:
    says_no(
        Backref,
        """
        from sqlalchemy.orm import relationship

        from app.graph import link

        # backref= is legacy: both sides are declared.
        children = relationship("Child", back_populates="parent")
        edge = link("Child", backref="parent")
        """,
    )


@pytest.mark.parametrize(
    "source",
    [
        """
        from sqlalchemy.orm import relationship


        class Parent(Base):
            children = relationship("Child", backref="parent")
        """,
        """
        from sqlalchemy import orm


        def configure():
            return orm.relation("Child", backref=orm.backref("parent", lazy="joined"))
        """,
        """
        from app.extensions import db


        class Parent(db.Model):
            children = db.relationship("Child", backref="parent")
        """,
    ],
)
def test_backref_yes(source: str) -> None:
    says_yes(Backref, source)


# BK207 ---------------------------------------------------------------------------------------


def test_removed_api_no_on_2_0_code() -> None:
    says_no(
        RemovedApi,
        """
        from sqlalchemy import MetaData, create_engine, select
        from sqlalchemy.orm import Session

        from app.models import User

        engine = create_engine("sqlite://")
        metadata = MetaData()


        def names():
            with Session(engine) as session:
                return session.scalars(select(User).where(User.active)).all()
        """,
    )


@pytest.mark.parametrize(
    "source",
    [
        'from sqlalchemy import create_engine\n\nengine = create_engine("sqlite://")\n'
        'engine.execute("select 1")\n',
        "from sqlalchemy import select\n\nfrom app.tables import users\n\n"
        "query = select([users.c.id])\n",
        "from sqlalchemy import select\n\nfrom app.tables import users\n\n"
        "query = select(users.c.id, whereclause=users.c.id > 1)\n",
        "from sqlalchemy import case\n\nfrom app.tables import users\n\n"
        "value = case([(users.c.id > 1, 'big')])\n",
        "import sqlalchemy as sa\n\nfrom app.db import engine\n\nmeta = sa.MetaData(engine)\n",
        "import sqlalchemy as sa\n\nmeta = sa.MetaData(bind=None)\n",
        "import sqlalchemy as sa\n\nmeta = sa.MetaData()\nmeta.bind = None\n",
        "from app.db import Base\n\nBase.metadata.bind = None  # sqlalchemy 1.3\n",
        "import sqlalchemy as sa\n\nfrom app.db import metadata\n\n"
        't = sa.Table("t", metadata, autoload=True)\n',
        "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base(bind=None)\n",
        "from sqlalchemy import select, text\n\nrows = text('select 1').execute()\n",
        "from sqlalchemy.orm import sessionmaker\n\nSession = sessionmaker(autocommit=True)\n",
        "from app.db import engine  # sqlalchemy\n\n"
        "conn = engine.connect().execution_options(autocommit=True)\n",
        "from flask_sqlalchemy import SQLAlchemy  # not sqlalchemy 2\n\n"
        'db = SQLAlchemy(session_options={"autocommit": True})\n',
    ],
)
def test_removed_api_yes(source: str) -> None:
    says_yes(RemovedApi, source)


# RelationshipCollector -----------------------------------------------------------------------


def test_relationship_collector_no_without_classes() -> None:
    says_no(RelationshipCollector, QUERIES)


def test_relationship_collector_no_on_classes_that_cannot_be_mapped() -> None:
    says_no(RelationshipCollector, DJANGO_MODELS)


@pytest.mark.parametrize(
    "source",
    [
        # A class with a base of another module of the project may be mapped.
        """
        from app.models import Base  # Column helpers


        class Plain(Base):
            pass
        """,
        # So may one with a base of an unknown package, or of this module.
        """
        import corp  # Column helpers


        class Local:
            pass


        class Plain(corp.Model, Local):
            pass
        """,
        # A relative import reaches the project, whatever the module's name.
        """
        from .django.db import models  # Column helpers


        class Plain(models.Model):
            pass
        """,
        # A class undecided here (an unnamed base), whose name is also imported: the
        # project pass sees the import's bases under the same name.
        """
        from app.sa import Legacy  # Column helpers

        if Legacy is None:

            class Legacy(object):
                pass
        """,
        # A name whose kinds are known (this module may be SQLAlchemy's own).
        """
        class DeclarativeBase(object):  # Column helpers
            pass
        """,
        # A relationship of a class in a function (whose own fact no other file asks for).
        """
        from sqlalchemy.orm import relationship


        def factory():
            class Parent(Base):
                __tablename__ = "parents"
                children = relationship("Child")

            return Parent
        """,
    ],
)
def test_relationship_collector_yes(source: str) -> None:
    says_yes(RelationshipCollector, source)


def test_declarative_bases_option_makes_any_base_count() -> None:
    """A foreign name the options call a declarative base makes its subclasses mapped."""
    source = """
        from django.db import models  # Column helpers


        class Plain(models.Model):
            pass
        """
    declared = SqlalchemyOptions.model_validate({"declarative-bases": ["django.db.models.Model"]})
    context = RuleContext(options={"sqlalchemy": declared})
    says_yes(RelationshipCollector, source, context)
    says_yes(UntypedColumn, source, context)


def test_no_known_kind_names_a_class_nested_in_a_foreign_class() -> None:
    """The model drops the bases fact of ``Outer.Meta`` (no bases) under a foreign
    ``Outer``, because the project pass would look ``Meta`` up as ``django...Model.Meta``,
    which has no kind as long as no rule knows kinds of such a name."""
    from backlint.registry import all_rules

    for rule in all_rules():
        for name in getattr(rule, "known_kinds", {}):
            owner = name.rpartition(".")[0]
            if owner.split(".", 1)[0] in FOREIGN_PACKAGES:
                assert not owner.rpartition(".")[2][:1].isupper(), name
