"""Which configuration applies to which files: one run may span several projects.

As with ruff, each file is governed by the configuration nearest to it. Files governed by the
same configuration form one project: they are checked with its settings, and the project pass
sees them together (and only them), with the configuration's directory as the root.

When every path given is a file (as pre-commit passes them), each project is the whole project
those files belong to, so that project rules see every file; diagnostics and fixes are then
limited to the files given (``Project.report``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from backlint.config import LoadedConfig, find_config_file, load_config
from backlint.discovery import DEFAULT_EXCLUDES, SourceFile, discover
from backlint.registry import RuleSet, family_options, rules_by_code, unknown_selectors


class SelectionError(Exception):
    """A rule selector on the command line that matches no rule."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Rule selectors given on the command line (empty: use the configuration's)."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Project:
    config: LoadedConfig
    rules: RuleSet
    files: tuple[SourceFile, ...]
    # When only files were given: the paths to report on and fix; the project's other files
    # are checked for their facts. ``None``: report on every file.
    report: frozenset[str] | None = None


def resolve_rules(config: LoadedConfig, selection: Selection) -> RuleSet:
    """ruff's precedence: CLI ``--select`` replaces; ``--extend-select``/``--ignore`` add."""
    unknown = unknown_selectors([*selection.select, *selection.extend_select, *selection.ignore])
    if unknown:
        raise SelectionError(
            "unknown rule selector "
            + ", ".join(f"`{s}`" for s in unknown)
            + " (`backlint rules` lists every rule)"
        )
    settings = config.settings
    select = list(selection.select) or settings.select or ["ALL"]
    extend = [*settings.extend_select, *selection.extend_select]
    ignore = [*settings.ignore, *selection.ignore]
    return RuleSet.select([*select, *extend], ignore)


def _load(start: str, explicit: str | None = None) -> LoadedConfig:
    return load_config(
        start, explicit=explicit, families=family_options(), known_codes=rules_by_code()
    )


def _discover(paths: Sequence[str], config: LoadedConfig, force_exclude: bool) -> list[SourceFile]:
    settings = config.settings
    return discover(
        paths,
        root=config.root,
        exclude=settings.exclude if settings.exclude is not None else DEFAULT_EXCLUDES,
        extend_exclude=settings.extend_exclude,
        respect_gitignore=settings.respect_gitignore,
        force_exclude=force_exclude,
    )


def plan_projects(
    paths: Sequence[str],
    selection: Selection,
    *,
    config_path: str | None = None,
    force_exclude: bool = False,
) -> list[Project]:
    """Discover the files under ``paths`` and group them by the configuration governing them.

    Raises ``ConfigError``, ``SelectionError`` or ``FileNotFoundError`` for the caller to
    report.
    """
    start = os.path.abspath(paths[0]) if paths else os.getcwd()
    main = _load(start, config_path)
    files = _discover(paths or ["."], main, force_exclude)
    only_files = bool(paths) and not any(os.path.isdir(p) for p in paths)
    if config_path is not None:
        if only_files:
            rules = resolve_rules(main, selection)
            return [_whole_project(main, rules, files, None)] if files else []
        return [Project(main, resolve_rules(main, selection), tuple(files))]

    nearest_by_dir: dict[str, str | None] = {}
    groups: dict[str | None, list[SourceFile]] = {}
    for file in files:
        directory = os.path.dirname(file.path)
        nearest = find_config_file(directory, nearest_by_dir)
        # ``None``: the main configuration's; "": no configuration at all (defaults).
        key = None if nearest == main.path else (nearest or "")
        groups.setdefault(key, []).append(file)

    projects: list[Project] = []
    for key, members in groups.items():
        if not key:
            # Files no configuration governs are checked with the defaults, at their own
            # project root, even when the first path given has a configuration.
            config = main if key is None else _load(members[0].path)
            rules = resolve_rules(config, selection)
            if only_files:
                governs = {config.path}
                projects.append(_whole_project(config, rules, members, governs, nearest_by_dir))
            else:
                projects.append(Project(config, rules, tuple(members)))
            continue
        nested = _load(key)
        # The nested configuration's own exclusions apply below its directory.
        below = _discover([nested.root], nested, False)
        allowed = {f.path for f in below}
        kept = tuple(m for m in members if m.path in allowed or (m.explicit and not force_exclude))
        if kept and only_files:
            rules = resolve_rules(nested, selection)
            projects.append(_whole_project(nested, rules, kept, {key}, nearest_by_dir, below))
        elif kept:
            projects.append(Project(nested, resolve_rules(nested, selection), kept))
    return projects


def _whole_project(
    config: LoadedConfig,
    rules: RuleSet,
    given: Sequence[SourceFile],
    governs: set[str | None] | None,
    nearest_by_dir: dict[str, str | None] | None = None,
    below: Sequence[SourceFile] | None = None,
) -> Project:
    """The project of ``config`` with every file it governs, reporting on ``given`` only.

    ``governs`` holds the configuration files (``None``: none found) whose files belong to
    the project; ``None`` means all files below the root (a configuration given with
    ``--config`` governs everything). ``below``: the files under the root, if already found.
    """
    nearest_by_dir = {} if nearest_by_dir is None else nearest_by_dir
    found: dict[str, SourceFile] = {}
    for file in below if below is not None else _discover([config.root], config, False):
        if governs is not None:
            directory = os.path.dirname(file.path)
            if find_config_file(directory, nearest_by_dir) not in governs:
                continue
        found[file.path] = file
    # The files given keep their explicit flag, and count even where a walk would skip them.
    found.update((file.path, file) for file in given)
    files = tuple(sorted(found.values(), key=lambda source: source.path))
    return Project(config, rules, files, report=frozenset(file.path for file in given))
