"""Output formats for diagnostics. Each reporter turns diagnostics into text, nothing more."""

from __future__ import annotations

from backlint.reporters.github import render_github
from backlint.reporters.gitlab import render_gitlab
from backlint.reporters.json import render_json
from backlint.reporters.junit import render_junit
from backlint.reporters.sarif import render_sarif
from backlint.reporters.text import render_concise, render_full, render_statistics

FORMATS = ("full", "concise", "json", "sarif", "github", "gitlab", "junit")

__all__ = [
    "FORMATS",
    "render_concise",
    "render_full",
    "render_github",
    "render_gitlab",
    "render_json",
    "render_junit",
    "render_sarif",
    "render_statistics",
]
