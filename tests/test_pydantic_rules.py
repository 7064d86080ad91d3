"""The pydantic rules (BK301-BK306): what is a model, what is reported, what the fixes write."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from backlint.discovery import FileKind, SourceFile
from backlint.engine import run
from backlint.fixes import fix_files
from backlint.registry import RuleSet
from backlint.rule import RuleContext
from backlint.rules.pydantic import OPTIONS
from backlint.rules.pydantic.options import PydanticOptions


def _sources(root: Path, files: dict[str, str]) -> list[SourceFile]:
    sources = []
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        sources.append(SourceFile(str(path), FileKind.PYTHON, True))
    return sources


def findings(
    root: Path, files: dict[str, str], select: str = "BK3", context: RuleContext | None = None
) -> list[str]:
    """``path:row CODE message`` of every diagnostic, ``[safe]``/``[unsafe]`` when fixable."""
    result = run(
        _sources(root, files),
        rules=RuleSet.select([select], []),
        context=context or RuleContext(),
        root=str(root),
    )
    assert result.errors == []
    lines = []
    for d in result.diagnostics:
        mark = "" if d.fix is None else (" [safe]" if d.fix.is_safe else " [unsafe]")
        lines.append(f"{os.path.relpath(d.path, root)}:{d.start.row} {d.code}{mark} {d.message}")
    return lines


def fixed(
    root: Path,
    files: dict[str, str],
    *,
    unsafe: bool = False,
    context: RuleContext | None = None,
) -> dict[str, str]:
    """Every file's text after fixing (``--fix``, or with ``--unsafe-fixes``)."""
    sources = _sources(root, files)
    outcome = fix_files(
        sources,
        rules=RuleSet.select(["BK3"], []),
        context=context or RuleContext(),
        root=str(root),
        unsafe=unsafe,
    )
    assert outcome.rejected == []
    return {
        os.path.relpath(s.path, root): (
            outcome.fixed.get(s.path) or Path(s.path).read_bytes()
        ).decode()
        for s in sources
    }


def codes(lines: list[str]) -> list[str]:
    return [line.split(" ")[1] for line in lines]


# -- which classes are models ----------------------------------------------------------------


def test_models_are_found_through_aliases_reexports_and_three_modules(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "from .base import Base as Model\n",
        "app/base.py": "import pydantic as pd\n\nclass Base(pd.BaseModel):\n    pass\n",
        "app/middle.py": "from app import Model\n\nclass Middle(Model):\n    pass\n",
        "app/leaf.py": """\
            from .middle import Middle

            class Leaf(Middle):
                class Config:
                    orm_mode = True
            """,
    }
    assert codes(findings(tmp_path, files)) == ["BK301"]


def test_config_of_classes_that_are_not_models_is_left_alone(tmp_path: Path) -> None:
    files = {
        "app/things.py": """\
            from dataclasses import dataclass
            from django.db import models

            class Article(models.Model):
                class Config:
                    orm_mode = True

            @dataclass
            class Point:
                class Config:
                    extra = "forbid"

            class Plain:
                class Config:
                    validate_all = True
            """,
    }
    assert findings(tmp_path, files) == []


def test_models_built_on_pydantic_v1_are_left_alone(tmp_path: Path) -> None:
    files = {
        "app/base.py": "from pydantic.v1 import BaseModel\n\nclass Base(BaseModel):\n    pass\n",
        "app/user.py": """\
            from pydantic import v1
            from app.base import Base

            class User(Base):
                class Config:
                    orm_mode = True

            class Other(v1.BaseModel):
                class Config:
                    orm_mode = True

            def dump(user: User) -> dict:
                return user.dict()
            """,
    }
    assert findings(tmp_path, files) == []


def test_settings_classes_get_settings_config_dict_even_through_a_project_base(
    tmp_path: Path,
) -> None:
    files = {
        "app/base.py": "from pydantic_settings import BaseSettings\n\nclass Base(BaseSettings):\n"
        "    pass\n",
        "app/config.py": """\
            from app.base import Base

            class Settings(Base):
                class Config:
                    env_prefix = "APP_"
            """,
    }
    assert fixed(tmp_path, files)["app/config.py"] == textwrap.dedent(
        """\
        from app.base import Base
        from pydantic_settings import SettingsConfigDict

        class Settings(Base):
            model_config = SettingsConfigDict(env_prefix="APP_")
        """
    )


def test_settings_keys_in_a_plain_model_block_the_fix(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel

            class M(BaseModel):
                class Config:
                    env_prefix = "APP_"
            """,
    }
    result = run(
        _sources(tmp_path, files),
        rules=RuleSet.select(["BK301"], []),
        context=RuleContext(),
        root=str(tmp_path),
    )
    (diagnostic,) = result.diagnostics
    assert diagnostic.fix is None
    assert diagnostic.help == "Not fixed: `env_prefix` is not a pydantic config key"


def test_nested_and_function_local_models_are_decided_too(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from typing import Generic, TypeVar
            from pydantic import BaseModel, RootModel

            T = TypeVar("T")

            class Page(BaseModel, Generic[T]):
                class Item(BaseModel):
                    class Config:
                        extra = "forbid"

                class Meta:
                    class Config:
                        extra = "forbid"

            class IntPage(Page[int]):
                class Config:
                    frozen = True

            class Tags(RootModel[list]):
                class Config:
                    frozen = True

            def factory():
                class Local(IntPage):
                    class Config:
                        orm_mode = True

                class NotAModel:
                    class Config:
                        orm_mode = True

                return Local, NotAModel
            """,
    }
    rows = [line.split(" ")[0] for line in findings(tmp_path, files)]
    assert rows == ["app/m.py:8", "app/m.py:16", "app/m.py:20", "app/m.py:25"]


# -- BK301 -----------------------------------------------------------------------------------


def test_config_keeps_its_comments_and_docstring(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel, Extra

            class M(BaseModel):
                class Config:  # strict
                    \"\"\"Inputs are checked.\"\"\"

                    # No surprises.
                    extra = Extra.forbid  # forbid, not ignore
                    smart_union = True
                    orm_mode = True
            """,
    }
    assert fixed(tmp_path, files)["app/m.py"] == textwrap.dedent(
        """\
        from pydantic import BaseModel, ConfigDict

        class M(BaseModel):
            model_config = ConfigDict(  # strict
                # Inputs are checked.
                # No surprises.
                extra="forbid",  # forbid, not ignore
                from_attributes=True,
            )
        """
    )


def test_removed_keys_are_reported_with_what_to_do_and_block_the_fix(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel

            class M(BaseModel):
                class Config:
                    orm_mode = True
                    getter_dict = dict
            """,
    }
    assert findings(tmp_path, files) == [
        "app/m.py:4 BK301 Pydantic v1 `class Config` in `M`: use `model_config = ConfigDict(...)`",
        "app/m.py:6 BK301 Config key `getter_dict` was removed in pydantic v2: set "
        '`from_attributes=True` and map the object in a `@model_validator(mode="before")` '
        "instead",
    ]


@pytest.mark.parametrize(
    ("config", "safety"),
    [
        ("alias_generator = camel", "safe"),  # a name the class body does not bind
        ("alias_generator = name", "unsafe"),  # the class body binds `name`
        ("schema_extra = staticmethod(camel)", "unsafe"),  # a function: v2 passes v2's schema
        ("extra = EXTRA", "unsafe"),
        ("allow_mutation = True", "safe"),  # directly on BaseModel: nothing to undo
    ],
)
def test_fix_safety_follows_what_the_value_means_in_the_class_body(
    tmp_path: Path, config: str, safety: str
) -> None:
    files = {
        "app/m.py": f"""\
            from pydantic import BaseModel

            def camel(s): return s
            EXTRA = "forbid"

            class M(BaseModel):
                name: str = ""

                class Config:
                    {config}
            """,
    }
    assert findings(tmp_path, files) == [
        f"app/m.py:9 BK301 [{safety}] Pydantic v1 `class Config` in `M`: use "
        "`model_config = ConfigDict(...)`"
    ]


def test_making_a_child_of_a_project_model_mutable_again_is_unsafe(tmp_path: Path) -> None:
    files = {
        "app/base.py": """\
            from pydantic import BaseModel

            class Base(BaseModel):
                class Config:
                    allow_mutation = False
            """,
        "app/child.py": """\
            from app.base import Base

            class Child(Base):
                class Config:
                    allow_mutation = True
            """,
    }
    assert findings(tmp_path, files, select="BK301") == [
        "app/base.py:4 BK301 [safe] Pydantic v1 `class Config` in `Base`: use "
        "`model_config = ConfigDict(...)`",
        "app/child.py:4 BK301 [unsafe] Pydantic v1 `class Config` in `Child`: use "
        "`model_config = ConfigDict(...)`",
    ]


def test_anystr_keys_are_unsafe_where_bytes_fields_are_declared(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel

            class M(BaseModel):
                data: bytes

                class Config:
                    anystr_strip_whitespace = True
            """,
    }
    assert codes(findings(tmp_path, files)) == ["BK301"]
    assert "[unsafe]" in findings(tmp_path, files)[0]


def test_minimum_version_2_11_writes_validate_by_name(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel

            class M(BaseModel):
                class Config:
                    allow_population_by_field_name = True
            """,
    }
    options = PydanticOptions.model_validate({"minimum-version": "2.11"})
    context = RuleContext(options={"pydantic": options})
    assert "validate_by_name=True" in fixed(tmp_path, files, context=context)["app/m.py"]
    assert "populate_by_name=True" in fixed(tmp_path / "default", files)["app/m.py"]


def test_minimum_version_option_is_validated() -> None:
    assert OPTIONS["pydantic"] is PydanticOptions
    with pytest.raises(ValueError, match="pydantic 2 release"):
        PydanticOptions.model_validate({"minimum-version": "1.10"})


def test_v1_keys_inside_config_dict_are_renamed_unsafely(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel, ConfigDict

            class M(BaseModel):
                model_config = ConfigDict(orm_mode=True, json_encoders={int: str})
            """,
    }
    assert findings(tmp_path, files) == [
        "app/m.py:4 BK301 [unsafe] Config key `orm_mode` is `from_attributes` in pydantic v2",
        "app/m.py:4 BK301 `json_encoders` is deprecated in pydantic v2: serialise those types "
        "with `@field_serializer`, or annotate the fields `Annotated[T, PlainSerializer(...)]`",
    ]


def test_unused_extra_import_is_removed_once_the_config_is_converted(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel, Extra

            class M(BaseModel):
                class Config:
                    extra = Extra.ignore
            """,
        "app/__init__.py": "from pydantic import Extra\n",
    }
    result = fixed(tmp_path, files)
    assert result["app/m.py"].startswith("from pydantic import BaseModel, ConfigDict\n")
    assert result["app/__init__.py"] == "from pydantic import Extra\n"  # a re-export


# -- BK302 / BK303 ---------------------------------------------------------------------------


def test_validator_with_classmethod_already_gets_no_second_one(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel, validator

            class M(BaseModel):
                a: int

                @validator("a")
                @classmethod
                def check(cls, v):
                    return v
            """,
    }
    assert fixed(tmp_path, files)["app/m.py"].count("@classmethod") == 1


def test_validator_names_the_v2_replacement_of_always_and_each_item(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from typing import List
            from pydantic import BaseModel, validator

            class M(BaseModel):
                a: List[int] = []

                @validator("a", always=True)
                def one(cls, v):
                    return v

                @validator("a", each_item=True)
                def two(cls, v):
                    return v
            """,
    }
    result = run(
        _sources(tmp_path, files),
        rules=RuleSet.select(["BK302"], []),
        context=RuleContext(),
        root=str(tmp_path),
    )
    helps = [d.help for d in result.diagnostics]
    assert all(d.fix is None for d in result.diagnostics)
    assert "validate_default=True" in (helps[0] or "")
    assert "AfterValidator" in (helps[1] or "")


def test_validator_outside_pydantic_is_not_reported(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic.v1 import BaseModel, validator
            from wtforms import validators

            class M(BaseModel):
                a: int

                @validator("a")
                def check(cls, v):
                    return v

            class Form:
                @validators.validator("a")
                def check(cls, v):
                    return v
            """,
    }
    assert findings(tmp_path, files) == []


def test_root_validator_always_gets_an_explicit_mode(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel, root_validator

            class M(BaseModel):
                a: int

                @root_validator(pre=True)
                def before(cls, values):
                    return values

                @root_validator()
                def after(cls, values):
                    assert values.get("a") != 3, cls.__name__
                    return values
            """,
    }
    assert fixed(tmp_path, files)["app/m.py"] == textwrap.dedent(
        """\
        from pydantic import BaseModel, root_validator

        class M(BaseModel):
            a: int

            @root_validator(pre=True)
            def before(cls, values):
                return values

            @root_validator()
            def after(cls, values):
                assert values.get("a") != 3, cls.__name__
                return values
        """
    )
    assert fixed(tmp_path / "unsafe", files, unsafe=True)["app/m.py"] == textwrap.dedent(
        """\
        from pydantic import BaseModel, model_validator

        class M(BaseModel):
            a: int

            @model_validator(mode="before")
            @classmethod
            def before(cls, values):
                return values

            @model_validator(mode="after")
            def after(self):
                assert self.a != 3, type(self).__name__
                return self
        """
    )


def test_after_root_validator_that_writes_to_values_has_no_fix(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel, root_validator

            class M(BaseModel):
                a: int
                b: int = 0

                @root_validator(skip_on_failure=True)
                def total(cls, values):
                    values["b"] = values["a"] * 2
                    return values
            """,
    }
    assert findings(tmp_path, files) == [
        'app/m.py:7 BK303 Pydantic v1 `@root_validator`: use `@model_validator(mode="after")`; '
        "it receives the model instance, not a dict"
    ]


# -- BK304 -----------------------------------------------------------------------------------


def test_methods_are_renamed_only_on_receivers_that_are_certainly_models(tmp_path: Path) -> None:
    files = {
        "app/models.py": """\
            from pydantic import BaseModel

            class User(BaseModel):
                name: str

                def payload(self):
                    return self.dict()

            class Custom(BaseModel):
                def dict(self, **kwargs):
                    return {}
            """,
        "app/service.py": """\
            from typing import Optional
            import requests
            from app.models import Custom, User

            def run(user: User, maybe: Optional[User], custom: Custom, anything, raw: dict):
                made = User.parse_obj(raw)
                reused = anything
                return [
                    user.json(),
                    made.dict(),
                    User(name="a").copy(),
                    maybe.dict(),
                    custom.dict(),
                    reused.dict(),
                    raw.copy(),
                    requests.get("x").json(),
                    [user.dict() for user in anything],
                ]
            """,
    }
    assert findings(tmp_path, files) == [
        "app/models.py:7 BK304 [safe] Pydantic v1 `dict()`: use `model_dump()`",
        "app/service.py:6 BK304 [safe] Pydantic v1 `parse_obj()`: use `model_validate()`",
        "app/service.py:9 BK304 [safe] Pydantic v1 `json()`: use `model_dump_json()`",
        "app/service.py:10 BK304 [safe] Pydantic v1 `dict()`: use `model_dump()`",
        "app/service.py:11 BK304 [safe] Pydantic v1 `copy()`: use `model_copy()`",
    ]


def test_models_reached_through_modules_are_found_and_modules_are_not_models(
    tmp_path: Path,
) -> None:
    files = {
        "app/__init__.py": "",
        "app/schemas.py": """\
            from pydantic import BaseModel

            class User(BaseModel):
                name: str

                def clone(self):
                    return self.copy()
            """,
        "app/api.py": """\
            import copy
            import os
            import shutil as sh
            import app.schemas
            import app.schemas as s
            from unittest import mock
            from app import schemas

            def run(data, user):
                sh.copy("a", "b")
                with mock.patch.dict(os.environ, {}):
                    env = os.environ.copy()
                dup = copy.copy(user)
                return [
                    app.schemas.User.parse_obj(data),
                    s.User(name="a").dict(),
                    schemas.User.parse_obj(data),
                    copy.copy(user).dict(),
                    dup.dict(),
                    env,
                ]
            """,
        # A name imported as a module, then bound to a model at module level.
        "app/alias.py": """\
            import copy
            from app.schemas import User

            copy = User

            def load(data):
                return copy.parse_obj(data)
            """,
    }
    assert findings(tmp_path, files, select="BK304") == [
        "app/alias.py:7 BK304 [safe] Pydantic v1 `parse_obj()`: use `model_validate()`",
        "app/api.py:15 BK304 [safe] Pydantic v1 `parse_obj()`: use `model_validate()`",
        "app/api.py:16 BK304 [safe] Pydantic v1 `dict()`: use `model_dump()`",
        "app/api.py:17 BK304 [safe] Pydantic v1 `parse_obj()`: use `model_validate()`",
        "app/schemas.py:7 BK304 [safe] Pydantic v1 `copy()`: use `model_copy()`",
    ]


def test_fields_attribute_on_an_instance_reads_it_from_the_class(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel

            class User(BaseModel):
                name: str = ""

            def names(user: User):
                return list(User.__fields__), list(user.__fields__), user.__fields_set__
            """,
    }
    assert fixed(tmp_path, files)["app/m.py"].endswith(
        "return list(User.model_fields), list(type(user).model_fields), user.model_fields_set\n"
    )


def test_parse_obj_as_becomes_a_type_adapter_and_its_import_goes(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from typing import List
            from pydantic import BaseModel, parse_obj_as

            class User(BaseModel):
                name: str

            def load(rows):
                return parse_obj_as(List[User], rows)
            """,
    }
    result = fixed(tmp_path, files)["app/m.py"]
    assert "from pydantic import BaseModel, TypeAdapter\n" in result
    assert "return TypeAdapter(List[User]).validate_python(rows)" in result


# -- BK305 -----------------------------------------------------------------------------------


def test_moves_follow_the_import_source_not_the_name(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic.alias_generators import to_camel
            from pydantic.utils import to_lower_camel

            GENERATORS = [to_camel, to_lower_camel]
            """,
    }
    assert findings(tmp_path, files) == [
        "app/m.py:2 BK305 [unsafe] `pydantic.utils.to_lower_camel` is "
        "`pydantic.alias_generators.to_camel` in pydantic v2"
    ]
    assert fixed(tmp_path / "fixed", files, unsafe=True)["app/m.py"] == (
        "from pydantic.alias_generators import to_camel\n\nGENERATORS = [to_camel, to_camel]\n"
    )


def test_generic_model_becomes_base_model_everywhere_in_the_module(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from typing import Generic, TypeVar
            from pydantic import BaseModel
            from pydantic.generics import GenericModel

            T = TypeVar("T")

            class Page(GenericModel, Generic[T]):
                items: list

            def is_page(x):
                return isinstance(x, GenericModel)
            """,
    }
    result = fixed(tmp_path, files)["app/m.py"]
    assert "GenericModel" not in result
    assert "class Page(BaseModel, Generic[T]):" in result


def test_a_renamed_import_spelled_in_a_string_is_not_renamed(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/m.py": """\
            from pydantic.generics import GenericModel

            __all__ = ["GenericModel"]
            """,
    }
    assert fixed(tmp_path, files)["app/m.py"].startswith("from pydantic.generics import")


# -- BK306 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        ('"^[a-z]+"', "[safe] `Field(regex=...)`"),
        ('"^[a-z]+$"', "[unsafe] `Field(regex=...)`"),  # `$` differs before a final newline
        ('"[a-z]+"', "[unsafe] `Field(regex=...)`"),  # v1 matched at the start only
        ('"^(?!x)[a-z]+"', "`Field(regex=...)`"),  # no look-arounds in v2's engine
        ("PATTERN", "[unsafe] `Field(regex=...)`"),
    ],
)
def test_regex_is_safe_only_when_v2_matches_the_same_strings(
    tmp_path: Path, regex: str, expected: str
) -> None:
    files = {
        "app/m.py": f"""\
            from pydantic import BaseModel, Field

            PATTERN = "^a"

            class M(BaseModel):
                code: str = Field(..., regex={regex})
            """,
    }
    assert findings(tmp_path, files) == [
        f"app/m.py:6 BK306 {expected} is `pattern=` in pydantic v2"
    ]


def test_env_is_validation_alias_in_settings_and_schema_extra_elsewhere(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel, Field
            from pydantic_settings import BaseSettings

            class Settings(BaseSettings):
                url: str = Field("x", env="URL")

            class Model(BaseModel):
                url: str = Field("x", env="URL")
            """,
    }
    result = fixed(tmp_path, files, unsafe=True)["app/m.py"]
    assert 'url: str = Field("x", validation_alias="URL")' in result
    assert 'url: str = Field("x", json_schema_extra={"env": "URL"})' in result


def test_field_of_pydantic_v1_and_v2_arguments_are_not_reported(tmp_path: Path) -> None:
    files = {
        "app/m.py": """\
            from pydantic import BaseModel, Field
            from pydantic.v1 import Field as V1Field

            class M(BaseModel):
                a: str = Field(..., pattern="^a", examples=["a"], frozen=True, exclude=True)
                b: str = V1Field(..., regex="a", example="a")
            """,
    }
    assert findings(tmp_path, files) == []
