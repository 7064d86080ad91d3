"""``backlint audit``: the scorecard counts what ``backlint check`` reports, per rule, seed
document, family and file; a clean project scores fully; the fix commands work."""

from __future__ import annotations

import shlex
from collections import Counter
from pathlib import Path

import pytest

from backlint.registry import all_rules

from .audit_cases import (
    CLEAN,
    MESSY,
    Cli,
    Project,
    applicability,
    audit_json,
    check_json,
    counts_by,
)


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


def _relative(filename: str, root: Path) -> str:
    return Path(filename).resolve().relative_to(root.resolve()).as_posix()


def assert_same_numbers(checked: list[dict], audited: dict) -> None:
    """Every count of the audit equals the count of ``check``'s diagnostics."""
    rules = {r["code"]: r for r in audited["rules"]}
    by_code = counts_by(checked, lambda i: i["code"])
    safe = counts_by([i for i in checked if applicability(i) == "safe"], lambda i: i["code"])
    unsafe = counts_by([i for i in checked if applicability(i) == "unsafe"], lambda i: i["code"])
    for code, rule in rules.items():
        assert rule["diagnostics"] == by_code[code], code
        assert rule["safe_fixes"] == safe[code], code
        assert rule["unsafe_fixes"] == unsafe[code], code
        assert rule["violated"] == (by_code[code] > 0)
    assert set(by_code) <= set(rules)

    total = audited["total"]
    assert total["diagnostics"] == len(checked)
    assert total["safe_fixes"] == sum(safe.values())
    assert total["unsafe_fixes"] == sum(unsafe.values())
    assert total["violated"] == len(by_code)
    assert total["satisfied"] == total["checked"] - len(by_code)

    family = {r.code: r.family for r in all_rules()}
    seed = {r.code: r.seed or "" for r in all_rules()}
    for split, key in (("families", family), ("seeds", seed)):
        expected = Counter({k: 0 for k in key.values()})
        expected.update(key[i["code"]] for i in checked)
        assert {s["key"]: s["diagnostics"] for s in audited[split]} == dict(expected)
        assert sum(s["violated"] for s in audited[split]) == total["violated"]
        assert sum(s["satisfied"] for s in audited[split]) == total["satisfied"]
        assert sum(s["safe_fixes"] for s in audited[split]) == total["safe_fixes"]


def test_scorecard_counts_equal_the_diagnostics_check_reports(cli: Cli, project: Project) -> None:
    root = project(dict(MESSY))

    checked = check_json(cli, root, ".")
    audited = audit_json(cli, root, ".")

    assert len(checked) >= 10
    assert_same_numbers(checked, audited)


def test_files_with_the_most_findings_count_each_file_as_check_does(
    cli: Cli, project: Project
) -> None:
    root = project(dict(MESSY))

    checked = check_json(cli, root, ".")
    audited = audit_json(cli, root, ".")

    per_file = counts_by(checked, lambda i: _relative(i["filename"], root))
    listed = {f["path"]: f["diagnostics"] for f in audited["files"]}
    assert listed == dict(per_file.most_common(len(listed)))
    assert audited["files_with_findings"] == len(per_file)
    counts = [f["diagnostics"] for f in audited["files"]]
    assert counts == sorted(counts, reverse=True)


def test_rule_selection_is_that_of_check_and_unselected_rules_are_not_scored(
    cli: Cli, project: Project
) -> None:
    root = project(dict(MESSY))
    args = ("--select", "BK1,BK2", "--ignore", "BK105", ".")

    checked = check_json(cli, root, *args)
    audited = audit_json(cli, root, *args)

    assert_same_numbers(checked, audited)
    scored = {r["code"] for r in audited["rules"] if r["checked"]}
    assert scored == {r.code for r in all_rules() if r.code[:3] in ("BK1", "BK2")} - {"BK105"}
    assert audited["total"]["checked"] == len(scored)


def test_each_project_keeps_its_own_configuration(cli: Cli, project: Project) -> None:
    files = {f"service/{path}": text for path, text in MESSY.items()}
    files["service/pyproject.toml"] = '[tool.backlint]\nignore = ["BK2"]\n'
    files.update({f"other/{path}": text for path, text in MESSY.items()})
    root = project(files)

    checked = check_json(cli, root, "service", "other")
    audited = audit_json(cli, root, "service", "other")

    assert_same_numbers(checked, audited)
    assert len(audited["projects"]) == 2
    # BK2 rules run in one project only: they count as checked.
    assert all(r["checked"] for r in audited["rules"] if r["code"].startswith("BK2"))


def test_files_given_alone_are_counted_as_check_counts_them(cli: Cli, project: Project) -> None:
    root = project(dict(MESSY))
    given = ("app/models/user.py", "requirements.txt")

    checked = check_json(cli, root, *given)
    audited = audit_json(cli, root, *given)

    assert_same_numbers(checked, audited)
    assert {f["path"] for f in audited["files"]} == set(given)


def test_clean_project_scores_fully(cli: Cli, project: Project) -> None:
    root = project(dict(CLEAN))

    assert check_json(cli, root, ".") == []
    audited = audit_json(cli, root, ".")
    text = cli("audit", "--no-cache", ".", cwd=root)

    total = audited["total"]
    assert total["percent"] == 100
    assert total["checked"] == total["satisfied"] == len(all_rules())
    assert total["violated"] == total["diagnostics"] == 0
    assert all(s["percent"] == 100 for s in audited["seeds"] + audited["families"])
    assert audited["files"] == [] and audited["fix_commands"] == []
    assert text.code == 0
    assert f"All {len(all_rules())} rules satisfied (100%)" in text.out
    assert "Nothing to fix automatically." in text.out


def test_fix_commands_are_the_check_commands_that_fix_what_can_be_fixed(
    cli: Cli, project: Project
) -> None:
    root = project(dict(MESSY))
    audited = audit_json(cli, root, "--select", "BK1,BK2", ".")
    commands = {c["command"]: c["fixes"] for c in audited["fix_commands"]}
    safe = audited["total"]["safe_fixes"]
    unsafe = audited["total"]["unsafe_fixes"]
    assert safe and unsafe
    assert commands == {
        "backlint check --diff --select BK1,BK2 .": safe,
        "backlint check --fix --select BK1,BK2 .": safe,
        "backlint check --diff --unsafe-fixes --select BK1,BK2 .": safe + unsafe,
        "backlint check --fix --unsafe-fixes --select BK1,BK2 .": safe + unsafe,
    }

    apply = shlex.split("backlint check --fix --select BK1,BK2 .")
    assert cli(*apply[1:], "--no-cache", cwd=root).code in (0, 1)
    after = audit_json(cli, root, "--select", "BK1,BK2", ".")

    assert after["total"]["safe_fixes"] == 0
    assert after["total"]["diagnostics"] == audited["total"]["diagnostics"] - safe


def test_audit_exits_zero_with_findings(cli: Cli, project: Project) -> None:
    root = project(dict(MESSY))

    result = cli("audit", "--no-cache", ".", cwd=root)

    assert result.code == 0
    assert result.err == ""
    assert "Scorecard by rule document" in result.out
    assert "backlint check --fix ." in result.out


def test_missing_path_and_unknown_selector_exit_two(cli: Cli, project: Project) -> None:
    root = project(dict(MESSY))

    missing = cli("audit", "nowhere", cwd=root)
    unknown = cli("audit", "--select", "BK999", ".", cwd=root)

    assert missing.code == 2 and "nowhere" in missing.err
    assert unknown.code == 2 and "BK999" in unknown.err


@pytest.mark.parametrize("output_format", ["text", "markdown", "html", "json"])
def test_output_option_writes_the_report_to_a_file(
    cli: Cli, project: Project, output_format: str
) -> None:
    root = project(dict(MESSY))

    result = cli(
        "audit", "--no-cache", "--format", output_format, "-o", "report.out", ".", cwd=root
    )

    assert result.code == 0
    assert result.out == ""
    written = (root / "report.out").read_text(encoding="utf-8")
    assert "rules satisfied" in written or '"satisfied"' in written
    assert "\x1b[" not in written


def test_unwritable_output_exits_two(cli: Cli, project: Project) -> None:
    root = project(dict(MESSY))

    result = cli("audit", "--no-cache", "-o", "missing/dir/report.md", ".", cwd=root)

    assert result.code == 2
    assert "cannot write missing/dir/report.md" in result.err
