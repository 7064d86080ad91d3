"""Options of the wiring rules: ``[tool.backlint.wiring]``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backlint.rule import RuleContext

DEFAULT_HEALTH_PATHS = ("/health", "/healthz", "/livez", "/readyz")


def _hyphenate(name: str) -> str:
    return name.replace("_", "-")


class WiringOptions(BaseModel):
    """``[tool.backlint.wiring]``.

    * ``health-paths``: full paths (router prefixes included) that serve a health or
      readiness probe, for BK403; they replace the default list.
    * ``app-factory``: turns BK405 on (it is off by default).
    """

    model_config = ConfigDict(extra="forbid", alias_generator=_hyphenate, frozen=True, strict=True)

    health_paths: list[str] = Field(default_factory=lambda: list(DEFAULT_HEALTH_PATHS))
    app_factory: bool = False

    @field_validator("health_paths")
    @classmethod
    def _check_paths(cls, value: list[str]) -> list[str]:
        for path in value:
            if not path.startswith("/"):
                raise ValueError(f"`{path}` is not a URL path (it must start with `/`)")
        return value


def wiring_options(context: RuleContext) -> WiringOptions:
    """The ``[tool.backlint.wiring]`` options of a run (defaults when absent)."""
    options = context.options.get("wiring")
    return options if isinstance(options, WiringOptions) else WiringOptions()
