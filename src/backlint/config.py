"""Configuration: ``[tool.backlint]`` in pyproject.toml, or a ``backlint.toml`` file.

The nearest configuration file wins (no merging), as with ruff. Keys follow ruff's spelling.
Rule families add their own tables (``[tool.backlint.requirements]``, ...); the caller passes
their option models in, so this module knows no family.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

TargetVersion = Literal["py37", "py38", "py39", "py310", "py311", "py312", "py313", "py314"]
SELECTOR_PATTERN = re.compile(r"^(ALL|BK[0-9]{0,3})$")
CONFIG_FILE_NAMES = ("backlint.toml", ".backlint.toml")
PROJECT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", ".git")


class ConfigError(Exception):
    """A configuration problem a person must fix; the message is one line."""


def _hyphenate(name: str) -> str:
    return name.replace("_", "-")


class Settings(BaseModel):
    """The validated ``[tool.backlint]`` table (family tables excluded)."""

    model_config = ConfigDict(extra="forbid", alias_generator=_hyphenate, frozen=True, strict=True)

    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict)
    exclude: list[str] | None = None
    extend_exclude: list[str] = Field(default_factory=list)
    respect_gitignore: bool = True
    src: list[str] = Field(default_factory=lambda: [".", "src"])
    target_version: TargetVersion | None = None

    @field_validator("select", "extend_select", "ignore")
    @classmethod
    def _check_selectors(cls, value: list[str] | None) -> list[str] | None:
        for selector in value or []:
            _check_selector(selector)
        return value

    @field_validator("per_file_ignores")
    @classmethod
    def _check_per_file_selectors(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for selectors in value.values():
            for selector in selectors:
                _check_selector(selector)
        return value


def _check_selector(selector: str) -> None:
    if not SELECTOR_PATTERN.match(selector):
        raise ValueError(
            f"`{selector}` is not a rule selector (expected `ALL`, `BK`, or a code or "
            "prefix such as `BK1` or `BK101`)"
        )


@dataclass(frozen=True, slots=True)
class LoadedConfig:
    """Settings plus where they came from and the project root they apply to."""

    settings: Settings
    path: str | None
    root: str
    families: Mapping[str, BaseModel] = field(default_factory=dict)
    requires_python: str | None = None

    @property
    def target_version(self) -> tuple[int, int]:
        if self.settings.target_version:
            return _version_tuple(self.settings.target_version)
        if self.requires_python:
            lowest = lowest_python(self.requires_python)
            if lowest:
                return lowest
        return (3, 10)


def lowest_python(requires_python: str) -> tuple[int, int] | None:
    """The oldest Python 3 minor version a ``requires-python`` specifier admits."""
    try:
        specifier = SpecifierSet(requires_python)
    except InvalidSpecifier:
        return None
    for minor in range(7, 20):
        if any(specifier.contains(f"3.{minor}{patch}") for patch in ("", ".999")):
            return (3, minor)
    return None


def _version_tuple(target: str) -> tuple[int, int]:
    return (int(target[2]), int(target[3:]))


def find_config_file(start: str, memo: dict[str, str | None] | None = None) -> str | None:
    """The nearest ``backlint.toml`` or pyproject.toml with ``[tool.backlint]``, upwards.

    ``memo`` maps directories already looked at to their answer; every directory visited
    is added to it, so that the files of a large tree cost one look per directory.
    """
    directory = os.path.abspath(start)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    memo = {} if memo is None else memo
    visited: list[str] = []
    found: str | None = None
    while True:
        if directory in memo:
            found = memo[directory]
            break
        visited.append(directory)
        found = _config_in(directory)
        if found is not None:
            break
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for seen in visited:
        memo[seen] = found
    return found


def _config_in(directory: str) -> str | None:
    for name in CONFIG_FILE_NAMES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            return candidate
    candidate = os.path.join(directory, "pyproject.toml")
    if os.path.isfile(candidate) and _has_backlint_table(candidate):
        return candidate
    return None


def _has_backlint_table(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return False
    # A cheap look before parsing: most pyproject.toml files have no such table.
    if b"backlint" not in data:
        return False
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        # A broken file that mentions backlint is reported by load_config.
        return True
    tool = document.get("tool")
    return isinstance(tool, dict) and "backlint" in tool


def find_project_root(start: str) -> str:
    """The nearest directory upwards that looks like a project (pyproject.toml, .git, ...).

    Without one, the working directory when ``start`` lies inside it, else ``start``'s own
    directory.
    """
    directory = os.path.abspath(start)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    probe = directory
    while True:
        if any(os.path.exists(os.path.join(probe, marker)) for marker in PROJECT_MARKERS):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    cwd = os.getcwd()
    inside = os.path.commonpath([cwd, directory]) == cwd
    return cwd if inside else directory


def load_config(
    start: str,
    *,
    explicit: str | None = None,
    families: Mapping[str, type[BaseModel]] | None = None,
    known_codes: Collection[str] = (),
) -> LoadedConfig:
    """Find, read and validate the configuration that applies to ``start``.

    Raises :class:`ConfigError` with a one-line message naming the file and the key.
    """
    families = families or {}
    path = os.path.abspath(explicit) if explicit else find_config_file(start)
    if path is None:
        root = find_project_root(start)
        return LoadedConfig(Settings(), None, root, requires_python=_requires_python(root))
    if not os.path.isfile(path):
        raise ConfigError(f"{path}: configuration file not found")
    try:
        with open(path, "rb") as handle:
            document = tomllib.loads(handle.read().decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not valid UTF-8 ({error.reason})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror}") from None

    is_pyproject = os.path.basename(path) == "pyproject.toml"
    if is_pyproject:
        raw = document.get("tool", {}).get("backlint", {})
        table = "[tool.backlint]"
    else:
        raw = document
        table = os.path.basename(path)
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: {table} must be a table")

    raw = dict(raw)
    family_settings: dict[str, BaseModel] = {}
    for key, model in families.items():
        if key in raw:
            value = raw.pop(key)
            family_settings[key] = _validate(model, value, path, f"{table}.{key}", key)
        else:
            family_settings[key] = model()
    settings = _validate(Settings, raw, path, table, None, extra_keys=sorted(families))
    if known_codes:
        _check_known(settings, known_codes, path, table)  # type: ignore[arg-type]
    root = os.path.dirname(path)
    requires = document.get("project", {}).get("requires-python") if is_pyproject else None
    if requires is None:
        requires = _requires_python(root)
    return LoadedConfig(
        settings,  # type: ignore[arg-type]
        path,
        root,
        family_settings,
        requires if isinstance(requires, str) else None,
    )


def _check_known(settings: Settings, codes: Collection[str], path: str, table: str) -> None:
    """A selector that matches no rule is a typo that would silently do nothing."""
    keyed: list[tuple[str, list[str]]] = [
        ("select", settings.select or []),
        ("extend-select", settings.extend_select),
        ("ignore", settings.ignore),
    ]
    keyed += [(f"per-file-ignores.{p}", s) for p, s in settings.per_file_ignores.items()]
    for key, selectors in keyed:
        for selector in selectors:
            if selector != "ALL" and not any(code.startswith(selector) for code in codes):
                raise ConfigError(
                    f"{path}: invalid value for `{key}` in {table}: `{selector}` matches no "
                    "rule (`backlint rules` lists every rule)"
                )


def _requires_python(root: str) -> str | None:
    candidate = os.path.join(root, "pyproject.toml")
    try:
        with open(candidate, "rb") as handle:
            document = tomllib.loads(handle.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = document.get("project", {}).get("requires-python")
    return value if isinstance(value, str) else None


def _validate(
    model: type[BaseModel],
    raw: Any,
    path: str,
    table: str,
    key: str | None,
    extra_keys: list[str] | None = None,
) -> BaseModel:
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_describe(error, model, path, table, extra_keys or [])) from None


def _describe(
    error: ValidationError,
    model: type[BaseModel],
    path: str,
    table: str,
    extra_keys: list[str],
) -> str:
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"])
    if first["type"] == "extra_forbidden":
        known = sorted([(f.alias or name) for name, f in model.model_fields.items()] + extra_keys)
        return f"{path}: unknown key `{location}` in {table} (expected one of: {', '.join(known)})"
    if first["type"] == "model_type":
        return f"{path}: {table} must be a table"
    message = first["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return f"{path}: invalid value for `{location}` in {table}: {message}"
