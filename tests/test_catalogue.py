"""Runs every case of the rule catalogue in ``rules/<CODE>/``.

* ``flagged/<case>/input/``: a small project; ``expected.txt`` lists, in concise form, every
  diagnostic of that code the check must report (``path:row:col: CODE [*] message``);
  ``fixed/`` (optional) holds the files as ``--fix`` must leave them, and ``fixed-unsafe/``
  as ``--fix --unsafe-fixes`` must (files not listed must be left unchanged).
* ``clean/<case>/``: a small project with no diagnostic of that code.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from backlint.registry import rules_by_code

from .conftest import REPO, CliResult

CATALOGUE = REPO / "rules"


def _cases(kind: str) -> list[tuple[str, Path]]:
    found = []
    for code_dir in sorted(CATALOGUE.iterdir()):
        for case in sorted((code_dir / kind).glob("*")):
            if case.is_dir():
                found.append((code_dir.name, case))
    return found


def _id(case: tuple[str, Path]) -> str:
    return f"{case[0]}-{case[1].name}"


def _concise(result: CliResult, code: str) -> list[str]:
    lines = []
    for item in result.json():
        if item["code"] != code:
            continue
        filename = Path(item["filename"])
        marker = " [*]" if item["fix"] and item["fix"]["applicability"] == "safe" else ""
        location = item["location"]
        lines.append(
            f"{filename.as_posix().split('/input/', 1)[-1]}:{location['row']}:"
            f"{location['column']}: {code}{marker} {item['message']}"
        )
    return lines


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_every_rule_has_catalogue_cases() -> None:
    for code in rules_by_code():
        folder = CATALOGUE / code
        assert any((folder / "flagged").glob("*/expected.txt")), f"{code}: no flagged case"
        assert any((folder / "clean").glob("*")), f"{code}: no clean case"


def test_catalogue_folders_are_known_codes() -> None:
    codes = set(rules_by_code())
    assert {p.name for p in CATALOGUE.iterdir() if p.is_dir()} <= codes


@pytest.mark.parametrize("case", _cases("flagged"), ids=_id)
def test_flagged_case_reports_expected_diagnostics(
    case: tuple[str, Path], tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    code, folder = case
    work = tmp_path / "input"
    shutil.copytree(folder / "input", work)
    result = cli("check", "--no-cache", "--output-format", "json", ".", cwd=work)
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert _concise(result, code) == [line for line in expected if line.strip()]
    assert result.code == 1


def _fix_cases() -> list[tuple[str, Path, str]]:
    return [
        (code, folder, variant)
        for code, folder in _cases("flagged")
        for variant in ("fixed", "fixed-unsafe")
        if (folder / variant).is_dir()
    ]


FIX_FLAGS = {"fixed": ["--fix"], "fixed-unsafe": ["--fix", "--unsafe-fixes"]}


@pytest.mark.parametrize("case", _fix_cases(), ids=lambda c: f"{c[0]}-{c[1].name}-{c[2]}")
def test_flagged_case_fixes_to_expected_files(
    case: tuple[str, Path, str], tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    code, folder, variant = case
    work = tmp_path / "input"
    shutil.copytree(folder / "input", work)
    before = _files(work)
    cli("check", "--no-cache", *FIX_FLAGS[variant], ".", cwd=work)
    after = _files(work)
    assert after == {**before, **_files(folder / variant)}, f"{code} {folder.name}: {variant}"
    # A second run finds nothing more to fix.
    cli("check", "--no-cache", *FIX_FLAGS[variant], ".", cwd=work)
    assert _files(work) == after


@pytest.mark.parametrize("case", _cases("clean"), ids=_id)
def test_clean_case_has_no_diagnostic(
    case: tuple[str, Path], tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    code, folder = case
    work = tmp_path / "clean"
    shutil.copytree(folder, work)
    result = cli("check", "--no-cache", "--output-format", "json", ".", cwd=work)
    assert _concise(result, code) == []
