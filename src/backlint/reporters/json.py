"""ruff's JSON shape, so that tools reading ruff's output read backlint's."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from backlint.diagnostics import Diagnostic, Edit, Position


def _location(position: Position) -> dict[str, int]:
    return {"column": position.column, "row": position.row}


def _edit(edit: Edit) -> dict[str, Any]:
    out: dict[str, Any] = {
        "content": edit.content,
        "end_location": _location(edit.end),
        "location": _location(edit.start),
    }
    if edit.path is not None:
        # Only for an edit in another file than the diagnostic's (ruff has none such).
        out["filename"] = os.path.abspath(edit.path)
    return out


def diagnostic_to_json(diagnostic: Diagnostic) -> dict[str, Any]:
    fix = None
    if diagnostic.fix is not None:
        fix = {
            "applicability": diagnostic.fix.applicability.value,
            "edits": [_edit(edit) for edit in diagnostic.fix.edits],
            "message": diagnostic.fix.message,
        }
    return {
        "cell": None,
        "code": diagnostic.code,
        "end_location": _location(diagnostic.end),
        "filename": os.path.abspath(diagnostic.path),
        "fix": fix,
        "location": _location(diagnostic.start),
        "message": diagnostic.message,
        "name": diagnostic.name,
        "noqa_row": diagnostic.start.row,
        "severity": diagnostic.severity.value,
        "url": None,
    }


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([diagnostic_to_json(d) for d in diagnostics], indent=2) + "\n"
