"""Rule selectors (``ALL``, ``BK``, ``BK1``, ``BK101``) and how they combine, as in ruff."""

from __future__ import annotations

from collections.abc import Sequence


def matches(selector: str, code: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def _specificity(selector: str) -> int:
    return -1 if selector == "ALL" else len(selector)


def is_enabled(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """The most specific matching selector decides; on a tie, ``ignore`` wins."""
    best_select = max((_specificity(s) for s in select if matches(s, code)), default=None)
    if best_select is None:
        return False
    best_ignore = max((_specificity(s) for s in ignore if matches(s, code)), default=None)
    return best_ignore is None or best_select > best_ignore
