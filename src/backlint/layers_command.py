"""``backlint layers``: print the layers in force for each project under the given paths.

The per-file pass runs with no rule (imports are facts of every Python file), then the
layering family describes what it infers from the facts, or what the configuration says.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from backlint.cache import ResultCache
from backlint.engine import run
from backlint.project import ProjectFacts
from backlint.registry import RuleSet
from backlint.rule import RuleContext
from backlint.rules.layers.analysis import LayerAnalysis
from backlint.rules.layers.options import layers_options
from backlint.rules.layers.report import RENDERERS, LayersReport, describe, render_json
from backlint.workspace import Selection, plan_projects

FORMATS = ("text", "json", "mermaid", "dot")
_NO_RULES = RuleSet(codes=frozenset(), python=(), manifest=(), project=())


def layers_reports(
    paths: Sequence[str],
    *,
    config_path: str | None = None,
    use_cache: bool = True,
    jobs: int = 1,
) -> list[LayersReport]:
    """One report per project under ``paths``.

    Raises ``ConfigError`` or ``FileNotFoundError`` for the caller to report.
    """
    reports: list[LayersReport] = []
    cwd = os.getcwd()
    for project in plan_projects(paths or ["."], Selection(), config_path=config_path):
        config = project.config
        context = RuleContext(
            target_version=config.target_version,
            options=config.families,
            src=tuple(os.path.normpath(os.path.join(config.root, s)) for s in config.settings.src),
        )
        result = run(
            project.files,
            rules=_NO_RULES,
            context=context,
            root=config.root,
            cache=ResultCache(config.root) if use_cache else None,
            jobs=jobs,
        )
        options = layers_options(context)
        analysis = LayerAnalysis.of(ProjectFacts(config.root, result.files), options)
        shown = os.path.relpath(config.root, cwd) if config.root.startswith(cwd) else config.root
        reports.append(describe(analysis, shown, options.ignore_imports))
    return reports


def print_layers(reports: Sequence[LayersReport], output_format: str) -> None:
    if output_format == "json":
        sys.stdout.write(render_json(reports))
        return
    render = RENDERERS[output_format]
    sys.stdout.write("\n".join(render(report) for report in reports))
