"""The layering pass on a large synthetic project built from facts alone.

``synthetic_project(modules)`` builds a project of layered apps (``apiN``/``servicesN``/
``crudN``/``modelsN``/``coreN`` under ``appK``), each module importing five others, with a
known number of upward imports and cycles. The test checks the findings on a small one;
``python -m tests.test_layers_scale 20000`` times the pass on a large one (the figure in
docs/layers.md).
"""

from __future__ import annotations

import os
import random
import sys
import time

from backlint.discovery import FileKind
from backlint.facts import ImportFact
from backlint.project import FileResult, ProjectFacts
from backlint.rule import RuleContext
from backlint.rules.layers import analysis
from backlint.rules.layers.cycles import ImportCycle
from backlint.rules.layers.framework import FrameworkInDomain
from backlint.rules.layers.options import LayersOptions
from backlint.rules.layers.upward import UpwardImport

ROOT = os.path.abspath(os.sep + "synthetic")
LAYERS = ("api", "services", "crud", "models", "core")
PER_PACKAGE = 20  # modules per layer package
IMPORTS = 5  # imports per module


def synthetic_project(modules: int, seed: int = 7) -> tuple[ProjectFacts, int, int]:
    """A project of about ``modules`` modules; also the upward imports and cycles planted."""
    rng = random.Random(seed)
    apps = max(1, modules // (len(LAYERS) * PER_PACKAGE + 1))
    files: dict[str, FileResult] = {}
    planted_upward = planted_cycles = 0

    def add(name: str, imports: list[ImportFact], package: bool = False) -> None:
        parts = name.split(".")
        path = (
            os.path.join(ROOT, *parts, "__init__.py")
            if package
            else (os.path.join(ROOT, *parts) + ".py")
        )
        files[path] = FileResult(path, FileKind.PYTHON, imports=tuple(imports), module=name)

    for app in range(apps):
        top = f"app{app}"
        add(top, [], package=True)
        add(f"{top}.schemas", [], package=True)
        for index, layer in enumerate(LAYERS):
            add(f"{top}.{layer}", [], package=True)
            for number in range(PER_PACKAGE):
                imports = []
                for row in range(1, IMPORTS + 1):
                    # Downwards, or within the layer to an earlier module (no cycle).
                    lowest = index if number else index + 1
                    if lowest == len(LAYERS):
                        continue
                    below = rng.randrange(lowest, len(LAYERS))
                    target = rng.randrange(number if below == index else PER_PACKAGE)
                    imports.append(
                        ImportFact(f"{top}.{LAYERS[below]}.m{target}", 0, ("thing",), row, 1)
                    )
                imports.append(ImportFact("fastapi", 0, ("status",), IMPORTS + 1, 1))
                add(f"{top}.{layer}.m{number}", imports)
        # One upward import and one two-module cycle per app.
        upward = f"{top}.models.m{PER_PACKAGE - 1}"
        path = os.path.join(ROOT, *upward.split(".")) + ".py"
        extra = ImportFact(f"{top}.api.m0", 0, ("router",), 99, 1, in_function=True)
        files[path] = FileResult(
            path, FileKind.PYTHON, imports=(*files[path].imports, extra), module=upward
        )
        planted_upward += 1
        add(f"{top}.schemas.a", [ImportFact(f"{top}.schemas.b", 0, ("B",), 1, 1)])
        add(f"{top}.schemas.b", [ImportFact(f"{top}.schemas.a", 0, ("A",), 1, 1)])
        planted_cycles += 1
    return ProjectFacts(ROOT, files), planted_upward, planted_cycles


def run_pass(project: ProjectFacts) -> tuple[int, int, int]:
    context = RuleContext()
    return (
        len(list(UpwardImport().check_project(project, context))),
        len(list(FrameworkInDomain().check_project(project, context))),
        len(list(ImportCycle().check_project(project, context))),
    )


def test_synthetic_project_findings() -> None:
    project, upward, cycles = synthetic_project(2_000)
    assert len(project.files) >= 1_900
    assert run_pass(project) == (upward, 0, cycles)


def main(modules: int) -> None:
    project, upward, cycles = synthetic_project(modules)
    imports = sum(len(f.imports) for f in project.files.values())
    started, cpu = time.perf_counter(), time.process_time()
    found = run_pass(project)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    built = analysis.analysis_for(project, LayersOptions())
    edges = sum(len(i.targets) for items in built.graph.imports.values() for i in items)
    print(
        f"{len(project.files)} modules, {imports} imports ({edges} to project modules): "
        f"{elapsed:.2f} s ({cpu:.2f} s of CPU) for BK501+BK502+BK503; found {found}, planted "
        f"{upward} upward imports and {cycles} cycles"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
