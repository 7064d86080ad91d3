"""Options of the dependency rules: ``[tool.backlint.requirements]``."""

from __future__ import annotations

from typing import Literal

from packaging.utils import canonicalize_name
from pydantic import BaseModel, ConfigDict, Field

from backlint.rule import RuleContext


def _hyphenate(name: str) -> str:
    return name.replace("_", "-")


class RequirementsOptions(BaseModel):
    """``[tool.backlint.requirements]``.

    * ``known-first-party``: import names that belong to the project itself.
    * ``import-map``: import name -> distribution, for mappings the bundled table lacks.
    * ``ignore``: distributions (or import names) to leave alone, per rule code.
    * ``pin-policy``: what BK105 accepts as pinned: ``"exact"`` (``==``/``===`` only) or
      ``"bounded"`` (any version specifier).
    """

    model_config = ConfigDict(extra="forbid", alias_generator=_hyphenate, frozen=True, strict=True)

    known_first_party: list[str] = Field(default_factory=list)
    import_map: dict[str, str] = Field(default_factory=dict)
    ignore: dict[str, list[str]] = Field(default_factory=dict)
    pin_policy: Literal["exact", "bounded"] = "bounded"

    def ignored(self, code: str, name: str) -> bool:
        """Whether ``name`` (a distribution or import name) is ignored for rule ``code``."""
        wanted = canonicalize_name(name)
        return any(canonicalize_name(n) == wanted for n in self.ignore.get(code, []))


def requirements_options(context: RuleContext) -> RequirementsOptions:
    """The ``[tool.backlint.requirements]`` options of a run (defaults when absent)."""
    options = context.options.get("requirements")
    return options if isinstance(options, RequirementsOptions) else RequirementsOptions()
