"""Rule documentation: ``backlint rule CODE`` and the generated ``docs/rules.md``."""

from __future__ import annotations

from backlint.registry import all_rules
from backlint.rule import FixAvailability, Rule

SEEDS = {
    "000": "seed 000, Python backend rules (FastAPI / Django / Flask)",
    "001": "seed 001, Python backend development guide",
    "002": "seed 002, Python architecture patterns",
    "003": "seed 003, Python project architecture",
    "004": "seed 004, Setting up Python backends",
}

FIX_WORDS = {
    FixAvailability.NONE: "No fix.",
    FixAvailability.SAFE: "Fix is always available and safe.",
    FixAvailability.UNSAFE: "Fix is available but unsafe (applied with `--unsafe-fixes`).",
    FixAvailability.SOMETIMES: "Fix is sometimes available.",
}


def render_rule(rule: type[Rule]) -> str:
    """One rule's documentation as Markdown, headed by its name and code."""
    lines = [f"# {rule.name} ({rule.code})", ""]
    lines.append(f"Family: {rule.family}.")
    if rule.seed:
        lines.append(f"Enforces {SEEDS.get(rule.seed, 'seed ' + rule.seed)}.")
    lines.append(FIX_WORDS[rule.fix_availability])
    lines.append("")
    lines.append(rule.documentation())
    return "\n".join(lines).rstrip() + "\n"


def render_catalogue() -> str:
    """The whole rule reference (``docs/rules.md``), generated from the rules themselves."""
    out = [
        "# Rule reference",
        "",
        "Generated from the rules' own documentation by "
        "`python scripts/generate_rules_doc.py`; do not edit by hand.",
        "",
        "| Code | Name | Family | Fix | Seed |",
        "|---|---|---|---|---|",
    ]
    for rule in all_rules():
        anchor = f"{rule.name}-{rule.code.lower()}"
        out.append(
            f"| [{rule.code}](#{anchor}) | {rule.name} | {rule.family} | "
            f"{rule.fix_availability.value} | {rule.seed or ''} |"
        )
    out.append("")
    for rule in all_rules():
        out.append(render_rule(rule).replace("# ", "## ", 1).replace("\n## ", "\n### "))
    return "\n".join(out).rstrip() + "\n"
