"""The audit as JSON, for tools: the same numbers as every other format."""

from __future__ import annotations

import json
from typing import Any

from backlint.audit.model import AuditReport, PackageGraph, ProjectAudit, Score


def _score(score: Score) -> dict[str, Any]:
    return {
        "key": score.key,
        "title": score.title,
        "rules": score.rules,
        "checked": score.checked,
        "satisfied": score.satisfied,
        "violated": score.violated,
        "percent": score.percent,
        "diagnostics": score.diagnostics,
        "safe_fixes": score.safe_fixes,
        "unsafe_fixes": score.unsafe_fixes,
        "violated_codes": list(score.violated_codes),
    }


def _graph(graph: PackageGraph | None) -> dict[str, Any] | None:
    if graph is None:
        return None
    return {
        "layering": graph.layering,
        "nodes": [
            {
                "id": n.id,
                "name": n.name,
                "group": n.group,
                "rank": n.rank,
                "modules": n.modules,
            }
            for n in graph.nodes
        ],
        "edges": [
            {
                "source": graph.node(e.source).name,
                "target": graph.node(e.target).name,
                "imports": e.imports,
                "offending": list(e.offending),
            }
            for e in graph.edges
        ],
    }


def _project(project: ProjectAudit) -> dict[str, Any]:
    return {
        "root": project.root,
        "files": project.files,
        "python_files": project.python_files,
        "facts": [
            {
                "family": section.family,
                "source": section.source,
                "facts": [
                    {"label": f.label, "value": f.value, "items": list(f.items)}
                    for f in section.facts
                ],
            }
            for section in project.facts
        ],
        "graph": _graph(project.graph),
    }


def report_data(report: AuditReport) -> dict[str, Any]:
    """The report as plain JSON values."""
    return {
        "version": report.version,
        "paths": list(report.paths),
        "total": _score(report.total),
        "seeds": [_score(s) for s in report.seeds],
        "families": [_score(s) for s in report.families],
        "rules": [
            {
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "seed": r.seed,
                "summary": r.summary,
                "checked": r.checked,
                "violated": r.violated,
                "diagnostics": r.diagnostics,
                "safe_fixes": r.safe_fixes,
                "unsafe_fixes": r.unsafe_fixes,
            }
            for r in report.rules
        ],
        "files_checked": report.files_checked,
        "files_with_findings": report.files_with_findings,
        "files": [
            {
                "path": f.path,
                "diagnostics": f.diagnostics,
                "safe_fixes": f.safe_fixes,
                "unsafe_fixes": f.unsafe_fixes,
                "codes": list(f.codes),
            }
            for f in report.files
        ],
        "projects": [_project(p) for p in report.projects],
        "fix_commands": [
            {"command": c.command, "description": c.description, "fixes": c.fixes}
            for c in report.fixes
        ],
        "errors": list(report.errors),
    }


def render_json(report: AuditReport) -> str:
    return json.dumps(report_data(report), indent=2) + "\n"
