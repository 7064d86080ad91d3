"""Family fact collectors: facts gathered in the shared traversal reach project rules."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import libcst as cst

from backlint.diagnostics import Diagnostic, Position
from backlint.discovery import discover
from backlint.engine import run
from backlint.manifests import Span
from backlint.project import ProjectFacts
from backlint.registry import RuleSet
from backlint.rule import FactCollector, ProjectRule, RuleContext


@dataclass(frozen=True, slots=True)
class RouteFact:
    path: str
    row: int


class RouteCollector(FactCollector):
    required_text: ClassVar = ("route(",)

    def visit_Decorator(self, node: cst.Decorator) -> None:
        call = node.decorator
        if (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "route"
            and call.args
            and isinstance(call.args[0].value, cst.SimpleString)
        ):
            row = self.file.span(node).start.row
            self.facts.append(RouteFact(call.args[0].value.evaluated_value, row))


class NoHealthRoute(ProjectRule):
    """Reports a project whose routes include no /health (a test rule)."""

    code = "BK994"
    name = "no-health"
    family = "test"
    summary = "No health route"

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        routes = list(project.facts(RouteFact))
        if routes and not any(fact.path == "/health" for _, fact in routes):
            result, fact = routes[0]
            at = Position(fact.row, 1)
            yield self.diagnostic(result.path, Span(at, at), "no /health route")


def rules() -> RuleSet:
    return RuleSet(frozenset({"BK994"}), (), (), (NoHealthRoute,), (RouteCollector,))


def test_collected_facts_reach_the_project_rule(tmp_path: Path) -> None:
    (tmp_path / "views.py").write_text('@app.route("/items")\ndef items():\n    pass\n')
    (tmp_path / "other.py").write_text("x = 1\n")
    files = discover([str(tmp_path)], root=str(tmp_path))
    result = run(files, rules=rules(), context=RuleContext(), root=str(tmp_path))
    assert [(os.path.basename(d.path), d.start.row) for d in result.diagnostics] == [
        ("views.py", 1)
    ]
    assert result.files[str(tmp_path / "views.py")].facts == (RouteFact("/items", 1),)
    # The gate kept other.py away from libcst: no facts, and no concrete parse needed.
    assert result.files[str(tmp_path / "other.py")].facts == ()


def test_facts_from_several_files_are_seen_together(tmp_path: Path) -> None:
    (tmp_path / "views.py").write_text('@app.route("/items")\ndef items():\n    pass\n')
    (tmp_path / "health.py").write_text('@app.route("/health")\ndef health():\n    pass\n')
    files = discover([str(tmp_path)], root=str(tmp_path))
    result = run(files, rules=rules(), context=RuleContext(), root=str(tmp_path))
    assert result.diagnostics == []
