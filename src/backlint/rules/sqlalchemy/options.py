"""Options of the SQLAlchemy rules: ``[tool.backlint.sqlalchemy]``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from backlint.rule import RuleContext


def _hyphenate(name: str) -> str:
    return name.replace("_", "-")


class SqlalchemyOptions(BaseModel):
    """``[tool.backlint.sqlalchemy]``.

    * ``declarative-bases``: dotted names of declarative base classes that backlint cannot see
      (a base from another package of yours, ``"corp_db.models.Base"``); their subclasses are
      treated as mapped classes.
    * ``optional-style``: how a nullable column is annotated. ``"auto"`` writes ``T | None``
      when the target version is 3.10 or later and the file does not already import
      ``typing.Optional``, and ``Optional[T]`` otherwise; ``"optional"`` always writes
      ``Optional[T]``; ``"union"`` writes ``T | None`` (``Optional[T]`` is still used below
      Python 3.10, where SQLAlchemy cannot evaluate ``T | None``).
    * ``drop-redundant-types``: when true, the BK202 fix leaves out a SQL type that the
      annotation implies (``mapped_column(Integer, ...)`` under ``Mapped[int]`` becomes
      ``mapped_column(...)``) as long as the class's declarative base has no
      ``type_annotation_map``. Off by default: keeping the type is always exact.
    """

    model_config = ConfigDict(extra="forbid", alias_generator=_hyphenate, frozen=True, strict=True)

    declarative_bases: list[str] = Field(default_factory=list)
    optional_style: Literal["auto", "optional", "union"] = "auto"
    drop_redundant_types: bool = False


def sqlalchemy_options(context: RuleContext) -> SqlalchemyOptions:
    """The ``[tool.backlint.sqlalchemy]`` options of a run (defaults when absent)."""
    options = context.options.get("sqlalchemy")
    return options if isinstance(options, SqlalchemyOptions) else SqlalchemyOptions()
