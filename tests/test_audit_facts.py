"""The facts an audit infers: each family's ``audit`` hook, and what the audit reads itself
for the families without one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import ModuleType

from backlint.audit.graph import layer_analysis, package_graph
from backlint.audit.inferred import fact_sections
from backlint.audit.model import AuditFact, FactSection
from backlint.diagnostics import Diagnostic
from backlint.engine import run
from backlint.project import ProjectFacts
from backlint.rule import ProjectRule, RuleContext
from backlint.rules import dependencies
from backlint.rules.dependencies.audit import audit as dependencies_audit
from backlint.workspace import Selection, plan_projects

from .audit_cases import MESSY, Cli, Project, audit_json


def facts_of(data: dict, family: str) -> dict[str, dict]:
    (project,) = data["projects"]
    (section,) = [s for s in project["facts"] if s["family"] == family]
    return {f["label"]: f for f in section["facts"]}


def project_facts(root: Path) -> tuple[ProjectFacts, RuleContext, list[Diagnostic]]:
    (planned,) = plan_projects([str(root)], Selection())
    context = RuleContext(enabled=planned.rules.codes, src=(planned.config.root,))
    result = run(planned.files, rules=planned.rules, context=context, root=planned.config.root)
    return ProjectFacts(planned.config.root, result.files), context, result.diagnostics


def family(name: str, code: str, hook: object | None) -> ModuleType:
    """A family module named ``name`` with one rule, ``code``, and ``hook`` as its ``audit``."""
    rule = type("Rule", (ProjectRule,), {"code": code, "name": "r", "family": name, "summary": ""})
    module = ModuleType(f"backlint.rules.{name}")
    module.RULES = (rule,)  # type: ignore[attr-defined]
    if hook is not None:
        module.audit = hook  # type: ignore[attr-defined]
    return module


def sections(
    root: Path, families: list[ModuleType], enabled: frozenset[str] = frozenset()
) -> tuple[list[FactSection], list[str]]:
    facts, context, diagnostics = project_facts(root)
    context = replace(context, enabled=context.enabled | enabled)
    analysis = layer_analysis(facts, context)
    graph = package_graph(analysis, diagnostics, ("BK501", "BK503"))
    return fact_sections(facts, context, analysis, graph, families)


def test_dependencies_family_exposes_its_hook() -> None:
    assert dependencies.audit is dependencies_audit


def test_dependencies_facts_name_manifests_counts_and_undeclared_imports(
    cli: Cli, project: Project
) -> None:
    root = project({**MESSY, "requirements-dev.txt": "-r requirements.txt\npytest==8.3.3\n"})

    facts = facts_of(audit_json(cli, root, "."), "dependencies")

    assert facts["Manifests"]["value"] == "2 files"
    assert facts["Manifests"]["items"] == [
        "requirements-dev.txt (1 requirement, 1 include)",
        "requirements.txt (5 requirements)",
    ]
    assert facts["Requirements"]["value"] == ("6 declared: 5 with a version constraint, 1 without")
    declared = facts["Declared and imported"]
    assert declared["value"] == "4 third-party distributions imported, 2 of them not declared"
    assert declared["items"] == [
        "imported and declared: fastapi, sqlalchemy",
        "imported, not declared: pydantic, pyyaml",
        "declared, not imported (servers, plugins, tools): pytest, python-redis, requests",
    ]


def test_project_without_manifest_says_so(cli: Cli, project: Project) -> None:
    root = project({"app/main.py": "import yaml\n"})

    facts = facts_of(audit_json(cli, root, "."), "dependencies")

    assert facts["Manifests"]["value"].startswith("none found")


def test_layers_styles_and_frameworks_are_read_for_families_without_a_hook(
    project: Project,
) -> None:
    found, errors = sections(project(dict(MESSY)), [])

    read = {s.family: {f.label: f for f in s.facts} for s in found}
    assert errors == [] and {s.source for s in found} == {"audit"}
    layers = read["layers"]
    assert layers["Layers"].value == "5 (inferred from package names)"
    assert layers["Layers"].items[:2] == ("1. api: app.api", "2. services: app.services")
    assert layers["Composition roots"].value == "app.main"
    assert layers["Import graph"].value == "6 packages, 5 import edges between them, 2 offending"
    assert read["sqlalchemy"]["SQLAlchemy style"].value == (
        "1.x declarations (Column, declarative_base) (1 file)"
    )
    assert read["pydantic"]["Pydantic style"].value == "v1 idioms (1 file)"
    assert read["wiring"]["Web frameworks imported"].value == "FastAPI (2 files)"
    assert read["wiring"]["CORS support imported"].value == "nowhere"


def test_a_family_hook_contributes_its_section_in_family_order(project: Project) -> None:
    root = project(dict(MESSY))
    seen: list[frozenset[str]] = []

    def hook(facts: ProjectFacts, context: RuleContext) -> list[AuditFact]:
        seen.append(context.enabled)
        count = sum(1 for _ in facts.python_files())
        return [AuditFact("Modules", f"{count} Python files", ("one", "two"))]

    found, errors = sections(
        root,
        [family("dependencies", "BK190", hook), family("pydantic", "BK390", None)],
        frozenset({"BK190", "BK390"}),
    )

    python = sum(1 for path in MESSY if path.endswith(".py"))
    assert errors == []
    assert found[0] == FactSection(
        "dependencies", "family", (AuditFact("Modules", f"{python} Python files", ("one", "two")),)
    )
    assert [s.family for s in found[1:]] == ["sqlalchemy", "pydantic", "wiring", "layers"]
    assert "BK190" in seen[0]


def test_a_family_hook_replaces_what_the_audit_reads_itself(project: Project) -> None:
    root = project(dict(MESSY))

    def hook(facts: ProjectFacts, context: RuleContext) -> list[AuditFact]:
        return [AuditFact("Pydantic models", "1")]

    found, _ = sections(root, [family("pydantic", "BK390", hook)], frozenset({"BK390"}))

    (pydantic,) = [s for s in found if s.family == "pydantic"]
    assert pydantic == FactSection("pydantic", "family", (AuditFact("Pydantic models", "1"),))


def test_a_hook_is_not_called_when_none_of_its_rules_is_enabled(project: Project) -> None:
    root = project(dict(MESSY))
    calls: list[str] = []

    def hook(facts: ProjectFacts, context: RuleContext) -> list[AuditFact]:
        calls.append("called")
        return [AuditFact("Never", "shown")]

    found, _ = sections(root, [family("pydantic", "BK390", hook)])

    assert calls == []
    assert not [s for s in found if s.family == "pydantic"]


def test_a_failing_hook_is_reported_and_the_rest_is_kept(project: Project) -> None:
    root = project(dict(MESSY))

    def hook(facts: ProjectFacts, context: RuleContext) -> list[AuditFact]:
        raise ValueError("broken")

    found, errors = sections(root, [family("dependencies", "BK190", hook)], frozenset({"BK190"}))

    assert errors == ["the audit of the dependencies family failed: ValueError('broken')"]
    assert {s.family for s in found} == {"pydantic", "sqlalchemy", "layers", "wiring"}
