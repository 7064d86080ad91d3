"""Options of the pydantic rules: ``[tool.backlint.pydantic]``."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, field_validator

from backlint.rule import RuleContext


def _hyphenate(name: str) -> str:
    return name.replace("_", "-")


class PydanticOptions(BaseModel):
    """``[tool.backlint.pydantic]``.

    * ``minimum-version``: the oldest pydantic 2 release the project supports (``"2.0"`` by
      default). From ``"2.11"`` on, BK301 writes `validate_by_name` where a v1 configuration
      said `allow_population_by_field_name`, as pydantic 2.11 recommends; before, it writes
      `populate_by_name`, which every 2.x release accepts.
    """

    model_config = ConfigDict(extra="forbid", alias_generator=_hyphenate, frozen=True, strict=True)

    minimum_version: str = "2.0"

    @field_validator("minimum_version")
    @classmethod
    def _two_point_something(cls, value: str) -> str:
        if not re.fullmatch(r"2\.\d+", value):
            raise ValueError('must be a pydantic 2 release, such as "2.0" or "2.11"')
        return value

    @property
    def minor(self) -> int:
        return int(self.minimum_version.split(".")[1])


def pydantic_options(context: RuleContext) -> PydanticOptions:
    """The ``[tool.backlint.pydantic]`` options of a run (defaults when absent)."""
    options = context.options.get("pydantic")
    return options if isinstance(options, PydanticOptions) else PydanticOptions()
