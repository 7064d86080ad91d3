"""Run the checks as ``backlint check`` does and turn what they find into an
:class:`AuditReport`.

Discovery, configuration, rule selection, the cache and the per-project runs are those of
``check``; so is the choice of diagnostics reported (only the files given, when only files
are given), so the scorecard counts what ``check`` prints.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from backlint import __version__
from backlint.audit.graph import LAYERS_FAMILY, layer_analysis, package_graph
from backlint.audit.inferred import fact_sections
from backlint.audit.model import (
    AuditReport,
    FactSection,
    FileFindings,
    FixCommand,
    PackageGraph,
    ProjectAudit,
    RuleScore,
    Score,
)
from backlint.cache import ResultCache
from backlint.diagnostics import Diagnostic
from backlint.discovery import FileKind
from backlint.engine import RunResult, run
from backlint.project import ProjectFacts
from backlint.registry import all_rules
from backlint.rule import RuleContext
from backlint.ruledocs import SEEDS
from backlint.sources.symbols import KindResolver
from backlint.workspace import Project, Selection, plan_projects

# How many files the report lists under "files with the most findings".
TOP_FILES = 10
NO_SEED_TITLE = "backlint's own checks (no seed document)"

# (project's root as shown, files done, files in all) -> None
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class AuditRequest:
    """What to audit, as given on the command line."""

    paths: tuple[str, ...] = ()
    selection: Selection = field(default_factory=Selection)
    config_path: str | None = None
    force_exclude: bool = False
    use_cache: bool = True
    jobs: int = 1


@dataclass(frozen=True, slots=True)
class _ProjectRun:
    project: Project
    result: RunResult
    reported: list[Diagnostic]
    context: RuleContext


def _shown(path: str, cwd: str) -> str:
    try:
        relative = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


def reported(diagnostics: list[Diagnostic], paths: frozenset[str] | None) -> list[Diagnostic]:
    """The diagnostics ``check`` reports: those in ``paths`` (all when ``None``), without
    fixes that edit files outside them."""
    if paths is None:
        return diagnostics
    kept = []
    for d in diagnostics:
        if d.path not in paths:
            continue
        if d.fix is not None and any((e.path or d.path) not in paths for e in d.fix.edits):
            d = dataclasses.replace(d, fix=None)
        kept.append(d)
    return kept


def _run_project(
    project: Project, request: AuditRequest, progress: Callable[[int, int], None] | None
) -> _ProjectRun:
    config = project.config
    cache = ResultCache(config.root) if request.use_cache else None
    context = RuleContext(
        target_version=config.target_version,
        options=config.families,
        src=tuple(os.path.normpath(os.path.join(config.root, s)) for s in config.settings.src),
    )
    result = run(
        project.files,
        rules=project.rules,
        context=context,
        root=config.root,
        per_file_ignores=dict(config.settings.per_file_ignores),
        cache=cache,
        jobs=request.jobs,
        progress=progress,
    )
    if cache is not None and cache.writes:
        cache.prune()
    # The context the rules saw in the run.
    context = replace(context, enabled=project.rules.codes, src=context.src or (config.root,))
    return _ProjectRun(project, result, reported(result.diagnostics, project.report), context)


def _labelled(progress: Progress | None, label: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    report = progress
    return lambda done, total: report(label, done, total)


def _project_facts(run: _ProjectRun) -> ProjectFacts:
    rules = run.project.rules
    known: dict[str, frozenset[str]] = {}
    for rule in (*rules.python, *rules.manifest, *rules.project):
        for name, kinds in rule.known_kinds.items():
            known[name] = known.get(name, frozenset()) | kinds
    files = run.result.files
    resolver = KindResolver((s for r in files.values() for s in r.symbols), known)
    return ProjectFacts(run.project.config.root, files, resolver)


def _project_audit(run: _ProjectRun, cwd: str, errors: list[str]) -> ProjectAudit:
    facts = _project_facts(run)
    root = run.project.config.root
    layer_codes = [r.code for r in all_rules() if r.family == LAYERS_FAMILY]
    graph: PackageGraph | None = None
    sections: list[FactSection] = []
    try:
        analysis = layer_analysis(facts, run.context)
        graph = package_graph(analysis, run.reported, layer_codes)
        sections, failed = fact_sections(facts, run.context, analysis, graph)
        errors.extend(failed)
    except Exception as error:  # a bug must not lose the scorecard
        errors.append(f"{_shown(root, cwd)}: inferring the project's facts failed: {error!r}")
    scope = run.project.report
    files = [f for f in run.result.files.values() if scope is None or f.path in scope]
    return ProjectAudit(
        root=_shown(root, cwd) or ".",
        files=len(files),
        python_files=sum(1 for f in files if f.kind is FileKind.PYTHON),
        facts=tuple(sections),
        graph=graph,
    )


def _rule_scores(diagnostics: Sequence[Diagnostic], checked: set[str]) -> list[RuleScore]:
    count = Counter(d.code for d in diagnostics)
    safe = Counter(d.code for d in diagnostics if d.fix is not None and d.fix.is_safe)
    unsafe = Counter(d.code for d in diagnostics if d.fix is not None and not d.fix.is_safe)
    return [
        RuleScore(
            code=rule.code,
            name=rule.name,
            family=rule.family,
            seed=rule.seed,
            summary=rule.summary,
            checked=rule.code in checked,
            diagnostics=count[rule.code],
            safe_fixes=safe[rule.code],
            unsafe_fixes=unsafe[rule.code],
        )
        for rule in all_rules()
    ]


def _score(key: str, title: str, rules: Iterable[RuleScore]) -> Score:
    rules = list(rules)
    checked = [r for r in rules if r.checked]
    return Score(
        key=key,
        title=title,
        rules=len(rules),
        checked=len(checked),
        satisfied=sum(1 for r in checked if not r.violated),
        violated=sum(1 for r in checked if r.violated),
        diagnostics=sum(r.diagnostics for r in rules),
        safe_fixes=sum(r.safe_fixes for r in rules),
        unsafe_fixes=sum(r.unsafe_fixes for r in rules),
        violated_codes=tuple(r.code for r in checked if r.violated),
    )


def seed_title(seed: str) -> str:
    """``Python backend rules (FastAPI / Django / Flask)`` for ``000``."""
    if not seed:
        return NO_SEED_TITLE
    full = SEEDS.get(seed, f"seed {seed}")
    return full.split(", ", 1)[1] if full.startswith("seed ") and ", " in full else full


def _seed_scores(rules: Sequence[RuleScore]) -> list[Score]:
    seeds = sorted({r.seed or "" for r in rules}, key=lambda s: (s == "", s))
    return [
        _score(seed, seed_title(seed), (r for r in rules if (r.seed or "") == seed))
        for seed in seeds
    ]


def _family_scores(rules: Sequence[RuleScore]) -> list[Score]:
    first: dict[str, str] = {}
    for rule in rules:
        first.setdefault(rule.family, rule.code)
    families = sorted(first, key=lambda name: first[name])
    return [
        _score(name, f"{first[name][:3]}xx", (r for r in rules if r.family == name))
        for name in families
    ]


def _file_findings(diagnostics: Sequence[Diagnostic], cwd: str) -> list[FileFindings]:
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    found = [
        FileFindings(
            path=_shown(path, cwd),
            diagnostics=len(items),
            safe_fixes=sum(1 for d in items if d.fix is not None and d.fix.is_safe),
            unsafe_fixes=sum(1 for d in items if d.fix is not None and not d.fix.is_safe),
            codes=tuple(sorted({d.code for d in items})),
        )
        for path, items in by_path.items()
    ]
    return sorted(found, key=lambda f: (-f.diagnostics, f.path))


def fix_commands(request: AuditRequest, safe: int, unsafe: int) -> list[FixCommand]:
    """The ``backlint check`` commands that show and apply the fixes found, with the same
    paths, configuration and rule selection as the audit."""
    options: list[str] = []
    if request.config_path is not None:
        options += ["--config", request.config_path]
    selection = request.selection
    for flag, values in (
        ("--select", selection.select),
        ("--extend-select", selection.extend_select),
        ("--ignore", selection.ignore),
    ):
        if values:
            options += [flag, ",".join(values)]
    if request.force_exclude:
        options.append("--force-exclude")
    paths = list(request.paths)

    def command(*flags: str) -> str:
        return shlex.join(["backlint", "check", *flags, *options, *paths])

    commands: list[FixCommand] = []
    if safe:
        commands.append(FixCommand(command("--diff"), "show the safe fixes, change nothing", safe))
        commands.append(FixCommand(command("--fix"), "apply the safe fixes", safe))
    if unsafe:
        commands.append(
            FixCommand(
                command("--diff", "--unsafe-fixes"),
                "show every fix, the unsafe ones too, change nothing",
                safe + unsafe,
            )
        )
        commands.append(
            FixCommand(
                command("--fix", "--unsafe-fixes"),
                "apply every fix (review the unsafe ones: they may change behaviour)",
                safe + unsafe,
            )
        )
    return commands


def audit(request: AuditRequest, progress: Progress | None = None) -> AuditReport:
    """Audit ``request.paths``.

    Raises ``ConfigError``, ``SelectionError`` or ``FileNotFoundError`` for the caller to
    report, as ``check`` does.
    """
    cwd = os.getcwd()
    projects = plan_projects(
        list(request.paths) or ["."],
        request.selection,
        config_path=request.config_path,
        force_exclude=request.force_exclude,
    )
    runs: list[_ProjectRun] = []
    errors: list[str] = []
    for project in projects:
        root = project.config.root
        shown = _shown(root, cwd)
        label = shown if shown not in ("", ".") else (os.path.basename(root) or root)
        project_run = _run_project(project, request, _labelled(progress, label))
        errors.extend(project_run.result.errors)
        runs.append(project_run)
    audits = [_project_audit(r, cwd, errors) for r in runs]
    diagnostics = sorted((d for r in runs for d in r.reported), key=lambda d: d.sort_key)
    checked = {code for r in runs for code in r.project.rules.codes}
    rules = _rule_scores(diagnostics, checked)
    files = _file_findings(diagnostics, cwd)
    total = _score("", "All rules", rules)
    return AuditReport(
        version=__version__,
        paths=tuple(request.paths) or (".",),
        total=total,
        seeds=tuple(_seed_scores(rules)),
        families=tuple(_family_scores(rules)),
        rules=tuple(rules),
        files_checked=sum(a.files for a in audits),
        files_with_findings=len(files),
        files=tuple(files[:TOP_FILES]),
        projects=tuple(audits),
        fixes=tuple(fix_commands(request, total.safe_fixes, total.unsafe_fixes)),
        errors=tuple(errors),
    )
