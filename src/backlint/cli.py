"""The command line: ``backlint check``, ``backlint audit``, ``backlint rule CODE``,
``backlint rules``, ``backlint server``.

Exit status: 0 when no diagnostics are left, 1 when some are, 2 for a usage, configuration or
internal error (as ruff).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import sys
from collections.abc import Sequence

from rich.console import Console

from backlint import __version__
from backlint.cache import ResultCache
from backlint.config import SELECTOR_PATTERN, ConfigError
from backlint.diagnostics import Diagnostic
from backlint.engine import decode_manifest, read_file, run, worker_count
from backlint.fixes import fix_files, unified_diff, write_changes
from backlint.registry import all_rules, rules_by_code
from backlint.reporters import (
    FORMATS,
    render_concise,
    render_full,
    render_github,
    render_gitlab,
    render_json,
    render_junit,
    render_sarif,
    render_statistics,
)
from backlint.reporters.text import SourceLines, display_path
from backlint.rule import RuleContext
from backlint.ruledocs import render_rule
from backlint.sources.python import SourceProblem, decode_python
from backlint.workspace import Selection, SelectionError, plan_projects

EXIT_CLEAN, EXIT_DIAGNOSTICS, EXIT_ERROR = 0, 1, 2
# Formats read by programs: nothing but the report goes to standard output.
MACHINE_FORMATS = ("json", "sarif", "github", "gitlab", "junit")


def _selector_list(value: str) -> list[str]:
    selectors = [part.strip() for part in value.split(",") if part.strip()]
    for selector in selectors:
        if not SELECTOR_PATTERN.match(selector):
            raise argparse.ArgumentTypeError(
                f"`{selector}` is not a rule selector (expected ALL, BK, or a code or prefix "
                "such as BK1 or BK101)"
            )
    return selectors


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backlint",
        description="A linter and fixer for Python backends: dependency manifests, "
        "SQLAlchemy and Pydantic idioms, application wiring and layering.",
    )
    parser.add_argument("--version", action="version", version=f"backlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check files and directories (default: .)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply (or show) unsafe fixes"
    )
    check.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff; change nothing"
    )
    check.add_argument(
        "--select",
        type=_selector_list,
        action="append",
        metavar="CODES",
        help="rules to enable, replacing the configured selection (e.g. BK1,BK201)",
    )
    check.add_argument(
        "--extend-select",
        type=_selector_list,
        action="append",
        metavar="CODES",
        help="rules to enable on top of the configured selection",
    )
    check.add_argument(
        "--ignore",
        type=_selector_list,
        action="append",
        metavar="CODES",
        help="rules to disable (codes or prefixes)",
    )
    check.add_argument(
        "--output-format", choices=FORMATS, default="full", help="how to print diagnostics"
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when diagnostics are left"
    )
    check.add_argument(
        "--statistics", action="store_true", help="print counts per rule instead of diagnostics"
    )
    check.add_argument(
        "--no-cache", action="store_true", help="do not read or write the result cache"
    )
    check.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes for the per-file pass (default: the available cores)",
    )
    check.add_argument("--config", metavar="PATH", help="configuration file to use")
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclusions to files passed explicitly too",
    )
    check.add_argument("-q", "--quiet", action="store_true", help="print diagnostics only")

    rule = commands.add_parser("rule", aliases=["explain"], help="print a rule's documentation")
    rule.add_argument("code", metavar="CODE")
    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--output-format", choices=("text", "json"), default="text")
    layers = commands.add_parser(
        "layers", help="print the layers in force (inferred or configured) for each project"
    )
    layers.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    layers.add_argument(
        "--format",
        "--output-format",
        dest="output_format",
        choices=("text", "json", "mermaid", "dot"),
        default="text",
        help="how to print the layers",
    )
    layers.add_argument("--config", metavar="PATH", help="configuration file to use")
    layers.add_argument(
        "--no-cache", action="store_true", help="do not read or write the result cache"
    )
    audit = commands.add_parser(
        "audit", help="a scorecard report: how far the code is from the rules, and what fixes it"
    )
    audit.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    audit.add_argument(
        "--format",
        "--output-format",
        dest="output_format",
        choices=("text", "markdown", "html", "json"),
        default="text",
        help="text for the terminal (default), markdown for a pull request, html, json",
    )
    audit.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    for option in ("--select", "--extend-select", "--ignore"):
        audit.add_argument(
            option,
            type=_selector_list,
            action="append",
            metavar="CODES",
            help=f"as `check {option}`",
        )
    audit.add_argument("--config", metavar="PATH", help="configuration file to use")
    audit.add_argument(
        "--no-cache", action="store_true", help="do not read or write the result cache"
    )
    audit.add_argument("--jobs", type=int, default=0, metavar="N", help="as `check --jobs`")
    audit.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclusions to files passed explicitly too",
    )
    commands.add_parser(
        "server", help="run the language server for editors (LSP over stdin and stdout)"
    )
    return parser


def _flatten(groups: list[list[str]] | None) -> list[str]:
    return [item for group in groups or [] for item in group]


def _console(stream=None) -> Console:
    return Console(file=stream or sys.stdout, highlight=False, soft_wrap=True)


def _error(message: str) -> int:
    sys.stderr.write(f"backlint: error: {message}\n")
    return EXIT_ERROR


def _source_lines(path: str, overlay: dict[str, bytes]) -> list[str] | None:
    try:
        data = overlay.get(path) or read_file(path)
    except OSError:
        return None
    try:
        if path.endswith((".py", ".pyi")):
            text, _ = decode_python(data)
        else:
            text = decode_manifest(data)
    except SourceProblem:
        text = data.decode("utf-8", errors="replace")
    return text.splitlines()


def _summary(remaining: Sequence[Diagnostic], fixed: int, args: argparse.Namespace) -> str:
    count = len(remaining)
    noun = "error" if count == 1 else "errors"
    if args.fix:
        if count == 0 and fixed == 0:
            return "All checks passed!"
        line = f"Found {count + fixed} {'error' if count + fixed == 1 else 'errors'} "
        line += f"({fixed} fixed, {count} remaining)."
    elif count == 0:
        return "All checks passed!"
    else:
        line = f"Found {count} {noun}."
    safe = sum(1 for d in remaining if d.fix is not None and d.fix.is_safe)
    unsafe = sum(1 for d in remaining if d.fix is not None and not d.fix.is_safe)
    if not args.fix and safe + (unsafe if args.unsafe_fixes else 0):
        fixable = safe + (unsafe if args.unsafe_fixes else 0)
        flag = "--fix --unsafe-fixes" if args.unsafe_fixes and unsafe else "--fix"
        line += f"\n[*] {fixable} fixable with the `{flag}` option"
        if unsafe and not args.unsafe_fixes:
            line += (
                f" ({unsafe} hidden {'fix' if unsafe == 1 else 'fixes'} can be enabled "
                "with the `--unsafe-fixes` option)"
            )
        line += "."
    elif not args.fix and unsafe and not args.unsafe_fixes:
        line += (
            f"\nNo fixes available ({unsafe} hidden {'fix' if unsafe == 1 else 'fixes'} can be "
            "enabled with the `--unsafe-fixes` option)."
        )
    elif args.fix and unsafe and not args.unsafe_fixes:
        line += (
            f"\n{unsafe} {'fix is' if unsafe == 1 else 'fixes are'} available with "
            "`--unsafe-fixes`."
        )
    return line


def command_check(args: argparse.Namespace) -> int:
    cwd = os.getcwd()
    selection = Selection(
        tuple(_flatten(args.select)),
        tuple(_flatten(args.extend_select)),
        tuple(_flatten(args.ignore)),
    )
    try:
        projects = plan_projects(
            args.paths or ["."],
            selection,
            config_path=args.config,
            force_exclude=args.force_exclude,
        )
    except (ConfigError, SelectionError) as error:
        return _error(str(error))
    except FileNotFoundError as error:
        return _error(f"{error.filename or error}: no such file or directory")

    remaining: list[Diagnostic] = []
    errors: list[str] = []
    internal: list[str] = []
    jobs = args.jobs or worker_count()
    overlay: dict[str, bytes] = {}
    fixed = 0
    changed: list[tuple[str, bytes, bytes]] = []
    for project in projects:
        config = project.config
        cache = None if args.no_cache else ResultCache(config.root)
        common = {
            "cache": cache,
            "jobs": jobs,
            "rules": project.rules,
            "context": RuleContext(
                target_version=config.target_version,
                options=config.families,
                src=tuple(
                    os.path.normpath(os.path.join(config.root, s)) for s in config.settings.src
                ),
            ),
            "root": config.root,
            "per_file_ignores": dict(config.settings.per_file_ignores),
        }
        if args.fix or args.diff:
            outcome = fix_files(
                project.files, unsafe=args.unsafe_fixes, only=project.report, **common
            )
            result = outcome.result
            errors.extend(outcome.rejected)
            fixed += outcome.fixed_count
            changed.extend(
                (p, outcome.originals[p], outcome.fixed[p]) for p in outcome.changed_paths()
            )
            if args.fix:
                errors.extend(write_changes(outcome))
                overlay.update(outcome.fixed)
        else:
            result = run(project.files, **common)
        remaining.extend(_reported(result.diagnostics, project.report))
        internal.extend(result.errors)
        if cache is not None and cache.writes:
            cache.prune()
    remaining.sort(key=lambda d: d.sort_key)

    if args.diff:
        status = _report_diff(args, cwd, changed, fixed, internal + errors)
    else:
        status = _report(args, cwd, remaining, fixed, internal + errors, overlay)
    # A rule that failed is a bug in backlint: the run is not trustworthy.
    return EXIT_ERROR if internal else status


def _reported(diagnostics: list[Diagnostic], paths: frozenset[str] | None) -> list[Diagnostic]:
    """The diagnostics in ``paths`` (all when ``None``), without fixes that edit other files."""
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


def _report_diff(
    args: argparse.Namespace,
    cwd: str,
    changed: list[tuple[str, bytes, bytes]],
    fixed: int,
    errors: list[str],
) -> int:
    for path, before, after in sorted(changed):
        sys.stdout.write(unified_diff(path, before, after, display_path(path, cwd)))
    for message in errors:
        sys.stderr.write(f"backlint: {message}\n")
    if not args.quiet:
        files = len(changed)
        sys.stderr.write(
            f"Would fix {fixed} {'error' if fixed == 1 else 'errors'} in {files} "
            f"{'file' if files == 1 else 'files'}.\n"
            if fixed
            else "No errors would be fixed.\n"
        )
    return EXIT_DIAGNOSTICS if changed and not args.exit_zero else EXIT_CLEAN


def _render_machine(
    output_format: str, remaining: list[Diagnostic], cwd: str, lines: SourceLines
) -> str:
    if output_format == "sarif":
        return render_sarif(remaining, cwd, lines)
    if output_format == "github":
        return render_github(remaining, cwd)
    if output_format == "gitlab":
        return render_gitlab(remaining, cwd, lines)
    if output_format == "junit":
        return render_junit(remaining, cwd)
    return render_json(remaining)


def _report(
    args: argparse.Namespace,
    cwd: str,
    remaining: list[Diagnostic],
    fixed: int,
    errors: list[str],
    overlay: dict[str, bytes],
) -> int:
    out = _console()

    def lines(path: str) -> list[str] | None:
        return _source_lines(path, overlay)

    if args.output_format in MACHINE_FORMATS:
        sys.stdout.write(_render_machine(args.output_format, remaining, cwd, lines))
    elif args.statistics:
        if remaining:
            out.print(render_statistics(remaining, args.unsafe_fixes))
    elif args.output_format == "concise":
        if remaining:
            out.print(render_concise(remaining, cwd, args.unsafe_fixes))
    elif remaining:
        out.print(render_full(remaining, cwd, lines, args.unsafe_fixes))
        out.print()
    if args.output_format not in MACHINE_FORMATS and not args.quiet:
        out.print(_summary(remaining, fixed, args), markup=False)
    for message in errors:
        sys.stderr.write(f"backlint: {message}\n")
    if remaining and not args.exit_zero:
        return EXIT_DIAGNOSTICS
    return EXIT_CLEAN


def command_rule(args: argparse.Namespace) -> int:
    rule = rules_by_code().get(args.code.upper())
    if rule is None:
        return _error(f"unknown rule code `{args.code}` (`backlint rules` lists every rule)")
    sys.stdout.write(render_rule(rule))
    return EXIT_CLEAN


def command_rules(args: argparse.Namespace) -> int:
    if args.output_format == "json":
        sys.stdout.write(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "family": r.family,
                        "fix": r.fix_availability.value,
                        "seed": r.seed,
                        "summary": r.summary,
                    }
                    for r in all_rules()
                ],
                indent=2,
            )
            + "\n"
        )
        return EXIT_CLEAN
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False)
    for column in ("Code", "Name", "Family", "Fix", "Seed", "Summary"):
        table.add_column(column)
    for r in all_rules():
        table.add_row(r.code, r.name, r.family, r.fix_availability.value, r.seed or "", r.summary)
    _console().print(table)
    return EXIT_CLEAN


def command_server() -> int:
    import importlib.util

    if importlib.util.find_spec("pygls") is None:
        return _error(
            "`backlint server` needs the language server extra: pip install 'backlint[lsp]'"
        )
    from backlint.server import main as serve

    return serve()


def command_layers(args: argparse.Namespace) -> int:
    from backlint.layers_command import layers_reports, print_layers

    try:
        reports = layers_reports(
            args.paths or ["."],
            config_path=args.config,
            use_cache=not args.no_cache,
            jobs=worker_count(),
        )
    except ConfigError as error:
        return _error(str(error))
    except FileNotFoundError as error:
        return _error(f"{error.filename or error}: no such file or directory")
    print_layers(reports, args.output_format)
    return EXIT_CLEAN


def command_audit(args: argparse.Namespace) -> int:
    from backlint.audit.collect import AuditRequest
    from backlint.audit.command import audit_command

    request = AuditRequest(
        paths=tuple(args.paths),
        selection=Selection(
            tuple(_flatten(args.select)),
            tuple(_flatten(args.extend_select)),
            tuple(_flatten(args.ignore)),
        ),
        config_path=args.config,
        force_exclude=args.force_exclude,
        use_cache=not args.no_cache,
        jobs=args.jobs or worker_count(),
    )
    try:
        return audit_command(request, args.output_format, args.output)
    except (ConfigError, SelectionError) as error:
        return _error(str(error))
    except FileNotFoundError as error:
        return _error(f"{error.filename or error}: no such file or directory")


def tune_gc() -> None:
    """Fewer cyclic collections, for a process that runs one command and exits.

    Parsing allocates millions of small objects that live until the file is done; with
    CPython's default thresholds the collector ran so often that it took a third of a cold
    run. Objects created while importing are frozen: they live as long as the process.
    """
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def entry() -> int:
    """The ``backlint`` command (and ``python -m backlint``)."""
    tune_gc()
    return main()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_ERROR if exit_.code not in (0, None) else EXIT_CLEAN
    if args.command == "check":
        return command_check(args)
    if args.command in ("rule", "explain"):
        return command_rule(args)
    if args.command == "rules":
        return command_rules(args)
    if args.command == "layers":
        return command_layers(args)
    if args.command == "audit":
        return command_audit(args)
    if args.command == "server":
        return command_server()
    parser.print_help(sys.stderr)
    return EXIT_ERROR
