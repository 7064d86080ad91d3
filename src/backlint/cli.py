"""The command line: ``backlint check``, ``backlint rule CODE``, ``backlint rules``.

Exit status: 0 when no diagnostics are left, 1 when some are, 2 for a usage, configuration or
internal error (as ruff).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from rich.console import Console

from backlint import __version__
from backlint.config import SELECTOR_PATTERN, ConfigError, LoadedConfig, load_config
from backlint.diagnostics import Diagnostic
from backlint.discovery import DEFAULT_EXCLUDES, discover
from backlint.engine import RunResult, decode_manifest, read_file, run
from backlint.fixes import fix_files, unified_diff, write_changes
from backlint.registry import RuleSet, all_rules, family_options, rules_by_code, unknown_selectors
from backlint.reporters import FORMATS, render_concise, render_full, render_json, render_statistics
from backlint.reporters.text import display_path
from backlint.rule import RuleContext
from backlint.ruledocs import render_rule
from backlint.sources.python import SourceProblem, decode_python

EXIT_CLEAN, EXIT_DIAGNOSTICS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A mistake on the command line; the message is one line."""


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
    return parser


def _flatten(groups: list[list[str]] | None) -> list[str]:
    return [item for group in groups or [] for item in group]


def _console(stream=None) -> Console:
    return Console(file=stream or sys.stdout, highlight=False, soft_wrap=True)


def _error(message: str) -> int:
    sys.stderr.write(f"backlint: error: {message}\n")
    return EXIT_ERROR


def _resolve_selection(args: argparse.Namespace, config: LoadedConfig) -> RuleSet:
    settings = config.settings
    select = _flatten(args.select) or settings.select or ["ALL"]
    extend = list(settings.extend_select) + _flatten(args.extend_select)
    ignore = list(settings.ignore) + _flatten(args.ignore)
    unknown = unknown_selectors([*select, *extend, *ignore])
    if unknown:
        raise UsageError(
            "unknown rule selector "
            + ", ".join(f"`{s}`" for s in unknown)
            + " (`backlint rules` lists every rule)"
        )
    return RuleSet.select([*select, *extend], ignore)


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
        line += f"\n[*] {fixable} fixable with the `{flag}` option."
        if unsafe and not args.unsafe_fixes:
            line += (
                f" ({unsafe} hidden {'fix' if unsafe == 1 else 'fixes'} can be enabled "
                "with the `--unsafe-fixes` option)."
            )
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
    paths = [os.path.abspath(p) for p in (args.paths or ["."])]
    try:
        config = load_config(paths[0], explicit=args.config, families=family_options())
        rules = _resolve_selection(args, config)
        settings = config.settings
        files = discover(
            paths,
            root=config.root,
            exclude=settings.exclude if settings.exclude is not None else DEFAULT_EXCLUDES,
            extend_exclude=settings.extend_exclude,
            respect_gitignore=settings.respect_gitignore,
            force_exclude=args.force_exclude,
        )
    except ConfigError as error:
        return _error(str(error))
    except UsageError as error:
        return _error(str(error))
    except FileNotFoundError as error:
        return _error(f"{error.filename or error}: no such file or directory")

    context = RuleContext(target_version=config.target_version, options=config.families)
    common = {
        "rules": rules,
        "context": context,
        "root": config.root,
        "per_file_ignores": dict(settings.per_file_ignores),
    }
    out = _console()
    overlay: dict[str, bytes] = {}
    fixed = 0
    problems: list[str] = []
    result: RunResult
    if args.fix or args.diff:
        outcome = fix_files(files, unsafe=args.unsafe_fixes, **common)
        result = outcome.result
        problems.extend(outcome.rejected)
        if args.diff:
            changed = outcome.changed_paths()
            for path in changed:
                label = display_path(path, cwd)
                sys.stdout.write(
                    unified_diff(path, outcome.originals[path], outcome.fixed[path], label)
                )
            for message in result.errors + problems:
                sys.stderr.write(f"backlint: {message}\n")
            if not args.quiet:
                count = outcome.fixed_count
                sys.stderr.write(
                    f"Would fix {count} {'error' if count == 1 else 'errors'}"
                    f" in {len(changed)} {'file' if len(changed) == 1 else 'files'}.\n"
                    if count
                    else "No errors would be fixed.\n"
                )
            if result.errors:
                return EXIT_ERROR
            return EXIT_DIAGNOSTICS if changed and not args.exit_zero else EXIT_CLEAN
        problems.extend(write_changes(outcome))
        overlay = outcome.fixed
        fixed = outcome.fixed_count
    else:
        result = run(files, **common)

    remaining = result.diagnostics
    if args.output_format == "json":
        sys.stdout.write(render_json(remaining))
    elif args.statistics:
        if remaining:
            out.print(render_statistics(remaining, args.unsafe_fixes))
    elif args.output_format == "concise":
        if remaining:
            out.print(render_concise(remaining, cwd, args.unsafe_fixes))
    elif remaining:
        out.print(
            render_full(remaining, cwd, lambda p: _source_lines(p, overlay), args.unsafe_fixes)
        )
        out.print()
    if args.output_format != "json" and not args.quiet:
        out.print(_summary(remaining, fixed, args), markup=False)
    for message in result.errors + problems:
        sys.stderr.write(f"backlint: {message}\n")
    if result.errors:
        return EXIT_ERROR
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
    parser.print_help(sys.stderr)
    return EXIT_ERROR
