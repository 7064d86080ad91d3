"""``backlint server`` with one extra rule that raises, for tests/test_lsp.py.

The rule (BK999) fails on every Python file mentioning ``explode``: the server must log the
failure and go on serving. Run as ``python tests/lsp_faulty_server.py``.
"""

from __future__ import annotations

import sys
import types

from backlint import registry
from backlint.rule import PythonRule


class ExplodingRule(PythonRule):
    """Raises while visiting a module (a stand-in for a bug in a rule)."""

    code = "BK999"
    name = "exploding-rule"
    family = "test"
    summary = "always fails"
    required_text = ("explode",)

    def visit_Module(self, node: object) -> None:
        raise RuntimeError("this rule is broken")


family = types.SimpleNamespace(RULES=(ExplodingRule,))
registry.FAMILIES = (*registry.FAMILIES, family)
for cached in (
    registry.all_rules,
    registry.rules_by_code,
    registry.family_options,
    registry.rule_option_tables,
):
    cached.cache_clear()

if __name__ == "__main__":
    from backlint.server import main

    sys.exit(main())
