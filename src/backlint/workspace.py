"""Which configuration applies to which files: one run may span several projects.

As with ruff, each file is governed by the configuration nearest to it. Files governed by the
same configuration form one project: they are checked with its settings, and the project pass
sees them together (and only them), with the configuration's directory as the root.
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
    if config_path is not None:
        return [Project(main, resolve_rules(main, selection), tuple(files))]

    nearest_by_dir: dict[str, str | None] = {}
    groups: dict[str | None, list[SourceFile]] = {}
    for file in files:
        directory = os.path.dirname(file.path)
        if directory not in nearest_by_dir:
            nearest_by_dir[directory] = find_config_file(directory)
        nearest = nearest_by_dir[directory]
        key = None if nearest in (None, main.path) else nearest
        groups.setdefault(key, []).append(file)

    projects: list[Project] = []
    for key, members in groups.items():
        if key is None:
            projects.append(Project(main, resolve_rules(main, selection), tuple(members)))
            continue
        nested = _load(key)
        # The nested configuration's own exclusions apply below its directory.
        allowed = {f.path for f in _discover([nested.root], nested, False)}
        kept = tuple(m for m in members if m.path in allowed or (m.explicit and not force_exclude))
        if kept:
            projects.append(Project(nested, resolve_rules(nested, selection), kept))
    return projects
