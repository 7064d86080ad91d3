"""Every rule describes itself completely, and docs/rules.md is generated from it."""

from __future__ import annotations

import re

import pytest

from backlint.registry import all_rules
from backlint.rule import Rule
from backlint.ruledocs import SEEDS, render_catalogue, render_rule

from .conftest import REPO

SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Fix safety",
)


def test_docs_rules_md_is_up_to_date() -> None:
    written = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == render_catalogue(), (
        "docs/rules.md is stale: run `python scripts/generate_rules_doc.py`"
    )


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_documentation_has_every_section_in_order(rule: type[Rule]) -> None:
    doc = rule.documentation()
    positions = [doc.find(section) for section in SECTIONS]
    assert all(p >= 0 for p in positions), f"{rule.code} lacks a section"
    assert positions == sorted(positions)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_identity_is_well_formed(rule: type[Rule]) -> None:
    assert re.fullmatch(r"BK[0-9]{3}", rule.code)
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name)
    assert rule.summary
    if rule.code[2] != "0":
        assert rule.seed in SEEDS, f"{rule.code} cites no seed document"
        assert f"Seed {rule.seed}" in rule.documentation()


def test_rule_page_names_the_rule_and_its_fix_availability() -> None:
    page = render_rule(next(r for r in all_rules() if r.code == "BK101"))
    assert page.startswith("# bogus-python-prefix (BK101)\n")
    assert "Fix is sometimes available." in page
    assert "## What it does" in page


def test_catalogue_lists_every_code_once() -> None:
    catalogue = render_catalogue()
    for rule in all_rules():
        assert catalogue.count(f"| [{rule.code}]") == 1
        assert f"## {rule.name} ({rule.code})" in catalogue
