"""SARIF 2.1.0, as GitHub code scanning and other static-analysis viewers read it.

One run; the driver lists the rules that appear, with their documentation as help. Paths are
relative to the directory backlint ran in, named by the ``%SRCROOT%`` base id (GitHub resolves
relative paths from the repository root, where CI runs backlint); a file outside that
directory keeps an absolute ``file:`` URI. Columns count Unicode code points, as backlint's
positions do (``columnKind``). Each result carries a ``partialFingerprints`` entry that stays
the same across runs and when unrelated lines move the finding (see ``common.py``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from backlint import __version__
from backlint.diagnostics import Diagnostic, Edit, Position, Severity
from backlint.registry import rules_by_code
from backlint.reporters.common import SourceLines, fingerprints, relative_posix

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "%SRCROOT%"
FINGERPRINT = "backlint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def _artifact(path: str, base: str) -> dict[str, Any]:
    relative = relative_posix(path, base)
    if relative is None:
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote(relative), "uriBaseId": BASE_ID}


def _region(start: Position, end: Position) -> dict[str, int]:
    region = {"startLine": start.row, "startColumn": start.column}
    if end > start:
        # SARIF's end column is the column after the region, as backlint's is.
        region.update(endLine=end.row, endColumn=end.column)
    return region


def _replacement(edit: Edit) -> dict[str, Any]:
    deleted = {
        "startLine": edit.start.row,
        "startColumn": edit.start.column,
        "endLine": edit.end.row,
        "endColumn": edit.end.column,
    }
    return {"deletedRegion": deleted, "insertedContent": {"text": edit.content}}


def _fix(diagnostic: Diagnostic, base: str) -> dict[str, Any]:
    assert diagnostic.fix is not None
    by_path: dict[str, list[Edit]] = {}
    for edit in diagnostic.fix.edits:
        by_path.setdefault(edit.path or diagnostic.path, []).append(edit)
    return {
        "description": {
            "text": f"{diagnostic.fix.message} ({diagnostic.fix.applicability.value})"
        },
        "artifactChanges": [
            {
                "artifactLocation": _artifact(path, base),
                "replacements": [_replacement(e) for e in edits],
            }
            for path, edits in sorted(by_path.items())
        ],
    }


def _section(docs: str, title: str) -> str:
    """The body of the ``## title`` section of a rule's documentation."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", docs, re.M | re.S)
    return match.group(1).strip() if match else ""


def _rule_descriptor(code: str, fallback_name: str) -> dict[str, Any]:
    rule = rules_by_code().get(code)
    if rule is None:
        return {"id": code, "name": fallback_name, "shortDescription": {"text": fallback_name}}
    docs = rule.documentation() or rule.summary
    what = _section(docs, "What it does") or rule.summary
    properties: dict[str, Any] = {"tags": [rule.family], "fix": rule.fix_availability.value}
    if rule.seed:
        properties["seed"] = rule.seed
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": properties,
    }


def sarif_log(
    diagnostics: Sequence[Diagnostic], cwd: str, source_lines: SourceLines
) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dictionary."""
    codes = sorted({d.code for d in diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    names = {d.code: d.name for d in diagnostics}
    prints = fingerprints(diagnostics, cwd, source_lines)
    results = []
    for diagnostic, fingerprint in zip(diagnostics, prints, strict=True):
        result: dict[str, Any] = {
            "ruleId": diagnostic.code,
            "ruleIndex": index[diagnostic.code],
            "level": LEVELS[diagnostic.severity],
            "message": {"text": diagnostic.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(diagnostic.path, cwd),
                        "region": _region(diagnostic.start, diagnostic.end),
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT: fingerprint},
        }
        if diagnostic.fix is not None:
            result["fixes"] = [_fix(diagnostic, cwd)]
        results.append(result)
    root_uri = Path(os.path.abspath(cwd)).as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "backlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule_descriptor(code, names[code]) for code in codes],
                    }
                },
                "originalUriBaseIds": {BASE_ID: {"uri": root_uri}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(diagnostics: Sequence[Diagnostic], cwd: str, source_lines: SourceLines) -> str:
    return json.dumps(sarif_log(diagnostics, cwd, source_lines), indent=2) + "\n"
