"""Options of the layering rules: ``[tool.backlint.layers]``.

An explicit ``layers`` list replaces the inferred layers; the other keys refine whichever
layering is in force.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backlint.rule import RuleContext

# A module glob: dotted identifiers, `*` for one segment, `**` for any number of segments.
_SEGMENT = r"(?:[A-Za-z_][A-Za-z0-9_]*|\*|\*\*)"
GLOB = re.compile(rf"^{_SEGMENT}(?:\.{_SEGMENT})*$")
# An imported name in a banned list or an ignored edge's target: a dotted name, or a glob.
IMPORT_ARROW = "->"


def _hyphenate(name: str) -> str:
    return name.replace("_", "-")


def split_layer(entry: str) -> tuple[list[str], bool]:
    """The sibling globs of one ``layers`` entry and whether they are independent.

    ``"a | b"`` are independent siblings (neither may import the other), ``"a : b"`` are
    siblings that may import each other, ``"a"`` is a layer of its own.
    """
    independent = "|" in entry
    if independent and ":" in entry:
        raise ValueError(f"`{entry}` mixes `|` and `:`; a layer's siblings use one of them")
    parts = [p.strip() for p in re.split(r"[|:]", entry)]
    return parts, independent


def _check_glob(glob: str, where: str) -> None:
    if not GLOB.match(glob):
        raise ValueError(
            f"`{glob}` in {where} is not a module glob (dotted names, `*` for one part, "
            "`**` for any number of parts)"
        )


class LayersOptions(BaseModel):
    """``[tool.backlint.layers]``.

    * ``layers``: the layers, top to bottom, as module globs (a module belongs to the layer
      whose glob matches it or one of its packages); ``"a | b"`` for independent siblings,
      ``"a : b"`` for siblings that may import each other. Setting it replaces the inferred
      layers (an empty list turns layering off).
    * ``containers``: packages (globs) each holding its own copy of the layers; the
      ``layers`` globs are then relative to each container.
    * ``composition-roots``: modules (globs) outside every layer that may import anything
      (default: modules named ``main``, ``__main__``, ``bootstrap``, ``wsgi``, ``asgi``,
      ``manage``, ``urls``, and everything under a ``workers`` or ``cli`` package).
    * ``banned``: module glob -> imported names forbidden in the modules it matches
      (replaces the default lists for the service and domain layers).
    * ``ignore-imports``: ``"importer -> imported"`` edges (globs) no rule reports.
    * ``type-checking-imports``: whether imports under ``if TYPE_CHECKING:`` count as
      dependencies for BK501 (default: no).
    """

    model_config = ConfigDict(extra="forbid", alias_generator=_hyphenate, frozen=True, strict=True)

    layers: list[str] | None = None
    containers: list[str] = Field(default_factory=list)
    composition_roots: list[str] | None = None
    banned: dict[str, list[str]] | None = None
    ignore_imports: list[str] = Field(default_factory=list)
    type_checking_imports: bool = False

    @field_validator("layers")
    @classmethod
    def _check_layers(cls, value: list[str] | None) -> list[str] | None:
        for entry in value or []:
            globs, _ = split_layer(entry)
            for glob in globs:
                _check_glob(glob, "`layers`")
        return value

    @field_validator("containers", "composition_roots")
    @classmethod
    def _check_globs(cls, value: list[str] | None) -> list[str] | None:
        for glob in value or []:
            _check_glob(glob, "a module list")
        return value

    @field_validator("banned")
    @classmethod
    def _check_banned(cls, value: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
        for glob, names in (value or {}).items():
            _check_glob(glob, "`banned`")
            for name in names:
                _check_glob(name, f"`banned.{glob}`")
        return value

    @field_validator("ignore_imports")
    @classmethod
    def _check_ignores(cls, value: list[str]) -> list[str]:
        for entry in value:
            importer, arrow, imported = entry.partition(IMPORT_ARROW)
            if not arrow:
                raise ValueError(f"`{entry}` is not an edge (expected `importer -> imported`)")
            _check_glob(importer.strip(), "`ignore-imports`")
            _check_glob(imported.strip(), "`ignore-imports`")
        return value


def layers_options(context: RuleContext) -> LayersOptions:
    """The ``[tool.backlint.layers]`` options of a run (defaults when absent)."""
    options = context.options.get("layers")
    return options if isinstance(options, LayersOptions) else LayersOptions()
