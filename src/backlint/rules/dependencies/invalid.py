"""BK108 invalid-requirement: manifest entries the installer would reject."""

from __future__ import annotations

import os
from collections.abc import Iterator

from backlint.diagnostics import Diagnostic
from backlint.project import ProjectFacts
from backlint.rule import ProjectRule, RuleContext
from backlint.rules.dependencies.manifest_sets import by_path, include_cycles


class InvalidRequirement(ProjectRule):
    """
    ## What it does
    Checks requirements files and pyproject.toml for entries the installer would reject: a
    line that is not a valid PEP 508 requirement, path or URL, an unknown option, an option
    without its value, a `-r`/`-c` include whose file does not exist, includes that form a
    cycle, or a dependency list of the wrong type in pyproject.toml.

    ## Why is this bad?
    Seed 001 (Dependencies): "Maintain a clear requirements.txt or pyproject.toml". pip stops
    at the first invalid line, so one typo breaks every install of the project, usually
    discovered only in CI or in production builds.

    ## Example
    ```text
    fastapi>=0.110
    uvicorn[standard]=>0.29
    ```

    ## Use instead
    ```text
    fastapi>=0.110
    uvicorn[standard]>=0.29
    ```

    ## Fix safety
    There is no fix: the intended requirement cannot be known for sure.
    """

    code = "BK108"
    name = "invalid-requirement"
    family = "dependencies"
    summary = "Invalid requirement"
    seed = "001"

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        manifests = by_path(project.manifests())
        for manifest in manifests.values():
            for problem in manifest.problems:
                yield self.diagnostic(manifest.path, problem.span, problem.message)
            for include in manifest.includes:
                if include.exists is False:
                    yield self.diagnostic(
                        manifest.path,
                        include.span,
                        f"`{include.option}` file not found: `{include.target}`",
                    )
        for manifest, include, cycle in include_cycles(manifests):
            names = " -> ".join(os.path.relpath(p, os.path.dirname(cycle[0])) for p in cycle)
            yield self.diagnostic(manifest.path, include.span, f"Include cycle: {names}")
