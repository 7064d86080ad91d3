"""Output formats for diagnostics. Each reporter turns diagnostics into text, nothing more."""

from __future__ import annotations

from backlint.reporters.json import render_json
from backlint.reporters.text import render_concise, render_full, render_statistics

FORMATS = ("full", "concise", "json")

__all__ = ["FORMATS", "render_concise", "render_full", "render_json", "render_statistics"]
