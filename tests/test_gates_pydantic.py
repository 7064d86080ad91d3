"""The pydantic rules' ast gates (``applies``): no on code with nothing to find, yes on every
kind of candidate, and never no where the full pass reports or records something."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from backlint.rule import PythonFile, PythonRule, RuleContext
from backlint.rules.pydantic import (
    ClassConfig,
    MovedImport,
    V1FieldArgument,
    V1ModelMethod,
    V1RootValidator,
    V1Validator,
)
from backlint.rules.pydantic.gates import plain_modules
from backlint.sources.view import SourceView

from .test_pydantic_rules import findings

MODULE = "app.module"


def judge(rule: type[PythonRule], source: str) -> tuple[bool, bool]:
    """(what the gate says, whether the full pass reports or records anything)."""
    text = textwrap.dedent(source)
    assert any(t in text for t in rule.required_text), "the text gate must let it through"
    tree = ast.parse(text)
    context = RuleContext()
    view = SourceView("app/module.py", text, tree, MODULE, False, context)
    gate = rule.applies(view)
    file = PythonFile("app/module.py", text, cst.parse_module(text), MODULE, False, tree=tree)
    visitor = rule(file, context)
    cst.visit_batched(file.module, [visitor])
    found = bool(visitor.diagnostics or visitor.facts)
    assert gate or not found, (
        f"the gate says no, the rule finds {visitor.diagnostics or visitor.facts}"
    )
    return gate, found


def says_no(rule: type[PythonRule], source: str) -> None:
    gate, found = judge(rule, source)
    assert not found
    assert not gate


def says_yes(rule: type[PythonRule], source: str) -> None:
    gate, found = judge(rule, source)
    assert found, "a candidate the rule does not report or record proves nothing"
    assert gate


# BK304 ---------------------------------------------------------------------------------------

DJANGO_LIKE = """
    import json

    from django.http import JsonResponse


    class Cart:
        def __init__(self, items):
            self.items = items

        def snapshot(self):
            return self.items.copy()


    def merge(defaults, overrides):
        merged = defaults.copy()
        merged.update(overrides)
        return merged


    def view(request, form):
        data = request.POST.copy()
        payload = dict(json.loads(request.body)).copy()
        if form.validate():
            return JsonResponse(data.dict() | payload)
        return JsonResponse(form.errors.json())
"""


def test_model_method_gate_says_no_to_dicts_querysets_and_forms() -> None:
    says_no(V1ModelMethod, DJANGO_LIKE)


MODULES_AND_STDLIB = """
    import copy
    import os
    import os.path
    import shutil as sh
    import sys
    import xml.etree.ElementTree as ET
    from os import environ as env
    from unittest import mock
    from unittest.mock import patch

    import numpy as np


    @mock.patch.dict(os.environ, {"DEBUG": "1"})
    def clone(item, src, dst, tree):
        sh.copy(src, dst)
        with patch.dict("sys.modules", {}):
            saved = os.environ.copy(), env.copy(), sys.modules.copy(), sys.path.copy()
        made = copy.copy(item)
        return made.dict(), copy.copy(item).json(), np.copy(tree), ET.copy(), os.copy(), saved


    class Cache:
        def snapshot(self):
            return copy.copy(self.items), [copy.copy(x) for x in self.items]
"""


def test_model_method_gate_says_no_to_modules_and_stdlib_objects() -> None:
    """Not even a conditional diagnostic: a module bound by `import`, `os.environ` and
    `mock.patch` are never models."""
    says_no(V1ModelMethod, MODULES_AND_STDLIB)


@pytest.mark.parametrize(
    "source",
    [
        # A module name shadowed by a parameter annotated with a model.
        """
        import copy
        from app.schemas import User

        def read(copy: User):
            return copy.dict()
        """,
        # ... or by a local bound to a call of a model.
        """
        import copy
        from app.schemas import User

        def read(data):
            copy = User(**data)
            return copy.dict()
        """,
        # A name imported as a module and bound again at module level, or through `global`.
        """
        import copy

        copy = load()
        copy.dict()
        """,
        """
        import copy

        for copy in load():
            copy.dict()
        """,
        """
        import copy

        def setup():
            global copy
            copy = load()

        def read():
            return copy.dict()
        """,
        # A star import may rebind it.
        """
        import copy
        from app.things import *

        copy.dict()
        """,
        # `from app import models` does not prove `models` a module.
        """
        from app import models

        def load(data):
            return models.parse_obj(data), models.User.parse_obj(data)
        """,
        # A class reached through an imported module.
        """
        import app.models

        def dump(data):
            return app.models.User.parse_obj(data).dict()
        """,
        """
        import app.models as m

        def dump(data):
            return m.User(**data).dict()
        """,
        # A name of the standard library rebound in the module.
        """
        from os import environ

        environ = load()
        environ.copy()
        """,
    ],
)
def test_model_method_gate_says_yes_past_modules(source: str) -> None:
    says_yes(V1ModelMethod, source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import a, b.c, d.e as f\nimport g as h", {"a", "b", "f", "h"}),
        ("try:\n    import json\nexcept ImportError:\n    json = None", set()),
        ("import a\nfrom b import a", set()),
        ("import a\nwith x as a: pass", set()),
        ("import a\nif (a := 1): pass", set()),
        ("import a\n[(a := 1) for _ in x]", set()),
        ("import a\ndef a(): pass", set()),
        ("import a\nclass C:\n    global a", set()),
        ("import a\ndel a", set()),
        ("import a\nfrom b import *", set()),
        ("import a, b\ndef f(a):\n    b = a\nclass C:\n    a = 1", {"a", "b"}),
        ("def f():\n    import a", set()),
    ],
)
def test_plain_modules(source: str, expected: set[str]) -> None:
    assert plain_modules(ast.parse(source)) == expected


@pytest.mark.parametrize(
    "source",
    [
        # An instance annotated with a model imported from another module.
        """
        from app.schemas import User

        def read(user: User) -> dict:
            return user.dict()
        """,
        # The class itself, imported; and a string annotation.
        """
        from app.schemas import User

        def load(data):
            return User.parse_obj(data)
        """,
        """
        import app.schemas

        def read(user: "app.schemas.User"):
            return user.json()
        """,
        # `self` in a model's method.
        """
        from pydantic import BaseModel

        class Item(BaseModel):
            name: str

            def dump(self):
                return self.json()
        """,
        # A local bound once to a call of the class, or of a constructor of it.
        """
        from app.schemas import User

        def clone(data):
            user = User(**data)
            again = user.copy()
            return again.dict()
        """,
        # `__fields__` read without a call.
        """
        from app.schemas import User

        def names(user: User):
            print(".dict(")
            return list(user.__fields__)
        """,
        # A class defined in a function, a generic model.
        """
        from pydantic import BaseModel

        def build(data):
            class Local(BaseModel):
                x: int
            return Local.parse_obj(data)
        """,
        """
        from app.pages import Page

        def first(data):
            return Page[int].parse_obj(data)
        """,
        # `parse_obj_as`, imported or read through the module, and its unused import.
        """
        from pydantic import parse_obj_as

        def ids(data):
            return parse_obj_as(list[int], data)
        """,
        """
        import pydantic

        def ids(data):
            return pydantic.parse_obj_as(list[int], data)
        """,
        """
        from pydantic import parse_obj_as
        """,
    ],
)
def test_model_method_gate_says_yes_to_receivers(source: str) -> None:
    says_yes(V1ModelMethod, source)


@pytest.mark.parametrize(
    "source",
    [
        # A class overriding a v1 method: recorded for subclasses in other modules.
        """
        class Thing:
            def dict(self):
                return {}
        """,
        # A module-level instance annotated with a class, read as `m.x.dict()` elsewhere.
        """
        from app.schemas import Settings

        settings: Settings = load()  # call .dict( on it
        """,
        # A nested class: only the rules name `Outer.Inner` for the project pass.
        """
        class Outer:
            class Inner:
                pass

        # .copy(
        """,
        # A class under `with`: the module's symbols do not read those.
        """
        with context():
            class Hidden:
                pass

        # .copy(
        """,
        # A base the module binds only after the class: the module's symbols read it
        # unbound, the rules read it bound.
        """
        from pydantic import BaseModel

        class Late(Base):
            pass

        Base = BaseModel  # .copy(
        """,
    ],
)
def test_model_method_gate_says_yes_to_recorded_facts(source: str) -> None:
    says_yes(V1ModelMethod, source)


def test_a_module_level_class_records_nothing_the_module_does_not() -> None:
    """The bases of a plain module-level class are in the module's own symbol facts: the
    rules do not record them again, and the gate does not wake them for it."""
    says_no(
        V1ModelMethod,
        """
        from pydantic import BaseModel

        class User(BaseModel):
            name: str

        def name(data: dict):
            return data.copy()
        """,
    )


# BK301 ---------------------------------------------------------------------------------------


def test_class_config_gate_says_no_to_v2_configuration() -> None:
    says_no(
        ClassConfig,
        """
        from pydantic import BaseModel, ConfigDict

        class User(BaseModel):
            model_config = ConfigDict(extra="forbid", json_encoders={}, from_attributes=True)

        class Admin(User):
            model_config = ConfigDict(frozen=True)
        """,
    )


@pytest.mark.parametrize(
    "source",
    [
        """
        from app.base import Base

        class User(Base):
            class Config:
                orm_mode = True
        """,
        """
        from pydantic import BaseModel

        class User(BaseModel):
            Config = Shared
        """,
        """
        from pydantic import ConfigDict

        config = ConfigDict(orm_mode=True)
        """,
        """
        import pydantic

        config = pydantic.ConfigDict(json_encoders={int: str})
        """,
        """
        from pydantic import ConfigDict, Extra
        """,
    ],
)
def test_class_config_gate_says_yes(source: str) -> None:
    says_yes(ClassConfig, source)


# BK302, BK303 ----------------------------------------------------------------------------------


def test_validator_gate_says_no_to_django_validators() -> None:
    says_no(
        V1Validator,
        """
        from django.core.exceptions import ValidationError
        from django.db import models

        class Tag(models.Model):
            name = models.CharField(max_length=20)

            def clean(self, validators=()):
                for validator in validators:
                    try:
                        validator(self.name)
                    except ValidationError:
                        raise
        """,
    )


@pytest.mark.parametrize(
    "source",
    [
        """
        from pydantic import BaseModel, validator

        class User(BaseModel):
            name: str

            @validator("name")
            def strip(cls, v):
                return v.strip()
        """,
        """
        import pydantic

        class User(pydantic.BaseModel):
            @pydantic.validator("name", pre=True)
            def strip(cls, v):
                return v
        """,
        """
        from pydantic import validator

        check = validator("name", allow_reuse=True)(strip)
        """,
        """
        from pydantic import validator  # no validator( left
        """,
    ],
)
def test_validator_gate_says_yes(source: str) -> None:
    says_yes(V1Validator, source)


def test_root_validator_gate_says_no_to_v2_model_validators() -> None:
    says_no(
        V1RootValidator,
        """
        from pydantic import BaseModel, model_validator

        class Range(BaseModel):
            low: int
            high: int

            @model_validator(mode="after")
            def ordered(self):
                return self
        """,
    )


@pytest.mark.parametrize(
    "source",
    [
        """
        from pydantic import BaseModel, root_validator

        class Range(BaseModel):
            @root_validator
            def ordered(cls, values):
                return values
        """,
        """
        import pydantic

        class Range(pydantic.BaseModel):
            @pydantic.root_validator(pre=True)
            def ordered(cls, values):
                return values
        """,
        """
        from pydantic import model_validator

        class Range:
            @model_validator()
            def ordered(self):
                return self
        """,
        """
        from pydantic import root_validator
        """,
    ],
)
def test_root_validator_gate_says_yes(source: str) -> None:
    says_yes(V1RootValidator, source)


# BK305, BK306 ----------------------------------------------------------------------------------

V2_MODULE = """
    import pydantic
    from pydantic import BaseModel, Field, constr
    from pydantic_settings import BaseSettings

    Name = constr(min_length=1, pattern="^[a-z]+$")

    class Settings(BaseSettings):
        debug: bool = False

    class User(BaseModel):
        name: Name = Field(..., description="the name", examples=["ada"])
        tags: list[str] = pydantic.Field(default_factory=list, max_length=5)
"""


def test_moved_import_and_field_argument_gates_say_no_to_v2_code() -> None:
    says_no(MovedImport, V2_MODULE)
    says_no(V1FieldArgument, V2_MODULE)


@pytest.mark.parametrize(
    "source",
    [
        "from pydantic import BaseSettings\n",
        "from pydantic.generics import GenericModel\n",
        "def f():\n    from pydantic.utils import to_camel\n",
        "from pydantic import ConstrainedStr\n",
        "import pydantic\n\nclass S(pydantic.BaseSettings):\n    pass\n",
        "import pydantic.json\n\nencoder = pydantic.json.pydantic_encoder\n",
    ],
)
def test_moved_import_gate_says_yes(source: str) -> None:
    says_yes(MovedImport, source)


@pytest.mark.parametrize(
    "source",
    [
        "from pydantic import Field\n\nx = Field(..., regex='^a')\n",
        "from pydantic import Field\n\nx = Field(default_factory=list, min_items=1)\n",
        "from pydantic import Field\n\nx = Field(1, example=2)\n",
        "from pydantic import BaseSettings, Field\n\n"
        "class S(BaseSettings):\n    url: str = Field(..., env='URL')\n",
        "import pydantic\n\nx = pydantic.Field(const=True)\n",
        "from pydantic import constr\n\nName = constr(regex='^a')\n",
        "from pydantic import conlist\n\nIds = conlist(int, min_items=1)\n",
    ],
)
def test_field_argument_gate_says_yes(source: str) -> None:
    says_yes(V1FieldArgument, source)


@pytest.mark.parametrize(
    "rule",
    [ClassConfig, V1Validator, V1RootValidator, V1ModelMethod, MovedImport, V1FieldArgument],
)
def test_every_gate_wakes_for_a_nested_class(rule: type[PythonRule]) -> None:
    """``Outer.Inner`` is named for the project pass by the rules alone."""
    text = "class Outer:\n    class Inner:\n        pass\n"
    marker = f"# {rule.required_text[0]}\n"
    says_yes(rule, marker + text)


# Across modules, with every gate checked against the full pass (conftest) --------------------


def test_a_nested_model_is_known_to_other_modules(tmp_path: Path) -> None:
    found = findings(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/schemas.py": """
                from pydantic import BaseModel

                class Outer:
                    class Inner(BaseModel):
                        x: int
            """,
            "app/api.py": """
                from app.schemas import Outer

                def load(data):
                    return Outer.Inner.parse_obj(data)
            """,
        },
    )
    assert [f.split(" ", 2)[:2] for f in found] == [["app/api.py:5", "BK304"]]


def test_a_model_from_another_module_is_still_found(tmp_path: Path) -> None:
    found = findings(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/base.py": """
                from pydantic import BaseModel

                class Base(BaseModel):
                    pass
            """,
            "app/models.py": """
                from app.base import Base

                class User(Base):
                    name: str

                    class Config:
                        orm_mode = True
            """,
            "app/api.py": """
                from app.models import User

                def read(user: User):
                    return user.dict()
            """,
        },
    )
    codes = sorted(f.split(" ", 2)[0] + " " + f.split(" ", 2)[1] for f in found)
    assert codes == ["app/api.py:5 BK304", "app/models.py:7 BK301"]
