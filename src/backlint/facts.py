"""Facts: small, picklable records the per-file pass leaves for the project pass.

Project rules read facts only, never sources, so that they stay fast, cacheable and usable
from the editor server while a buffer is being edited.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ImportFact:
    """One imported module (``import a.b`` or ``from a.b import c``).

    ``module`` is the dotted module as written (without leading dots); ``level`` counts the
    leading dots of a relative import; ``names`` are the names taken by ``from`` imports.
    ``main_guard`` marks imports under ``if __name__ == "__main__":`` (they run only when the
    module is executed as a script, never when it is imported).
    """

    module: str
    level: int
    names: tuple[str, ...]
    row: int
    column: int
    in_function: bool = False
    type_checking: bool = False
    guarded: bool = False
    main_guard: bool = False


@dataclass(frozen=True, slots=True)
class SymbolFact:
    """A module-level name and what it derives from, for resolving kinds across modules.

    ``qualname`` is the dotted name (``app.db.base.Base``). ``bases`` are the dotted names it
    derives from: a class's bases, the target of an import or assignment alias, or a call
    (``sqlalchemy.orm.declarative_base()``, with the parentheses). ``kinds`` are what rules
    decided locally (``"sqlalchemy:declarative"``); subclasses and aliases inherit kinds.
    """

    qualname: str
    bases: tuple[str, ...] = ()
    kinds: frozenset[str] = frozenset()
