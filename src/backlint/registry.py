"""The rule registry: every rule class, and which of them a configuration enables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from backlint.rule import (
    BuiltinRule,
    FactCollector,
    ManifestRule,
    ProjectRule,
    PythonRule,
    Rule,
)
from backlint.rules import FAMILIES
from backlint.selectors import is_enabled, matches


@cache
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule class, sorted by code."""
    rules: list[type[Rule]] = []
    for family in FAMILIES:
        rules.extend(family.RULES)
    codes = [rule.code for rule in rules]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:  # pragma: no cover - a programming error caught by the test suite
        raise RuntimeError(f"rule codes defined twice: {sorted(duplicates)}")
    return tuple(sorted(rules, key=lambda rule: rule.code))


@cache
def rules_by_code() -> dict[str, type[Rule]]:
    return {rule.code: rule for rule in all_rules()}


@cache
def family_options() -> dict[str, type[BaseModel]]:
    """Option tables contributed by rule families, keyed by table name."""
    options: dict[str, type[BaseModel]] = {}
    for family in FAMILIES:
        options.update(getattr(family, "OPTIONS", {}))
    return options


@cache
def rule_option_tables() -> dict[str, tuple[str, ...]]:
    """The option tables each rule may read: those of its own family (rules never read
    another family's options), for keying cached results."""
    tables: dict[str, tuple[str, ...]] = {}
    for family in FAMILIES:
        names = tuple(sorted(getattr(family, "OPTIONS", {})))
        for rule in family.RULES:
            tables[rule.code] = names
    return tables


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    """Selectors that match no rule at all (a typo, or a code that does not exist)."""
    codes = rules_by_code()
    return [s for s in selectors if not any(matches(s, code) for code in codes)]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The enabled rules, split by kind."""

    codes: frozenset[str]
    python: tuple[type[PythonRule], ...]
    manifest: tuple[type[ManifestRule], ...]
    project: tuple[type[ProjectRule], ...]
    collectors: tuple[type[FactCollector], ...] = ()

    @classmethod
    def select(cls, select: Sequence[str], ignore: Sequence[str]) -> RuleSet:
        enabled = [r for r in all_rules() if is_enabled(r.code, select, ignore)]
        codes = frozenset(r.code for r in enabled)
        # A family's collectors run when any of its rules does.
        collectors = tuple(
            collector
            for family in FAMILIES
            if any(rule.code in codes for rule in family.RULES)
            for collector in getattr(family, "COLLECTORS", ())
        )
        return cls(
            codes=codes,
            python=tuple(r for r in enabled if issubclass(r, PythonRule)),
            manifest=tuple(r for r in enabled if issubclass(r, ManifestRule)),
            project=tuple(r for r in enabled if issubclass(r, ProjectRule)),
            collectors=collectors,
        )

    def __contains__(self, code: object) -> bool:
        return code in self.codes


def is_builtin(rule: type[Rule]) -> bool:
    return issubclass(rule, BuiltinRule)
