"""GitLab Code Quality: a JSON array of Code Climate issues, shown in merge requests.

Paths are relative to ``$CI_PROJECT_DIR`` when backlint runs in a GitLab job (and the file is
inside it), else to the directory backlint ran in. GitLab does not display ``check_name``, so
the description starts with the code. Fingerprints are stable across runs and unique within
the report (see ``common.py``); GitLab shows issues with the same fingerprint once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

from backlint.diagnostics import Diagnostic, Severity
from backlint.reporters.common import SourceLines, fingerprints, shown_path

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def report_base(cwd: str, environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get("CI_PROJECT_DIR") or cwd


def code_quality(
    diagnostics: Sequence[Diagnostic], base: str, source_lines: SourceLines
) -> list[dict[str, Any]]:
    issues = []
    prints = fingerprints(diagnostics, base, source_lines)
    for d, fingerprint in zip(diagnostics, prints, strict=True):
        issues.append(
            {
                "type": "issue",
                "check_name": d.code,
                "description": f"{d.code}: {d.message}",
                "categories": ["Bug Risk"],
                "severity": SEVERITIES[d.severity],
                "fingerprint": fingerprint,
                "location": {
                    "path": shown_path(d.path, base),
                    "lines": {"begin": d.start.row, "end": max(d.end.row, d.start.row)},
                },
            }
        )
    return issues


def render_gitlab(
    diagnostics: Sequence[Diagnostic],
    cwd: str,
    source_lines: SourceLines,
    environ: Mapping[str, str] | None = None,
) -> str:
    base = report_base(cwd, environ)
    return json.dumps(code_quality(diagnostics, base, source_lines), indent=2) + "\n"
