"""The command line end to end: ``backlint check``, ``rule``, ``rules`` and ``--version``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backlint import __version__
from backlint.registry import all_rules

from .conftest import REPO, CliResult

Cli = Callable[..., CliResult]
Project = Callable[[dict[str, str | bytes]], Path]

REDIS_MESSAGE = "`python-redis` is not the package you want: the real distribution is `redis`"

# One project declaring the same bogus name in both of its manifests.
SCENARIO_REQUIREMENTS = (
    "# Runtime dependencies\n"
    "fastapi>=0.110\n"
    'python-redis[hiredis]>=5 ; python_version >= "3.10"  # response cache\n'
    "httpx>=0.27\n"
)
SCENARIO_PYPROJECT = (
    "[project]\n"
    'name = "shop"\n'
    'version = "0.1.0"\n'
    'requires-python = ">=3.11"\n'
    "dependencies = [\n"
    '    "fastapi>=0.110",\n'
    "    \"python-redis[hiredis]>=5; python_version >= '3.10'\",  # response cache\n"
    "]\n"
)


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep rich from colouring the output the assertions read."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


def scenario(project: Project) -> Path:
    return project(
        {"requirements.txt": SCENARIO_REQUIREMENTS, "pyproject.toml": SCENARIO_PYPROJECT}
    ).resolve()


def findings(result: CliResult, root: Path) -> list[tuple[str, str, int, int]]:
    """(code, path relative to root, row, column) of every diagnostic in JSON output."""
    return [
        (
            item["code"],
            Path(item["filename"]).relative_to(root).as_posix(),
            item["location"]["row"],
            item["location"]["column"],
        )
        for item in result.json()
    ]


def check_json(cli: Cli, root: Path, *args: str) -> list[tuple[str, str, int, int]]:
    result = cli("check", "--output-format", "json", *args, cwd=root)
    assert result.err == ""
    return findings(result, root)


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time of every file below root."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        # backlint's own cache is the one thing a run may write besides the files it fixes.
        if path.is_file() and ".backlint_cache" not in path.parts
    }


# Both manifests of one project ---------------------------------------------------------------


def test_json_reports_bk101_in_requirements_and_pyproject_with_safe_fix_edits(
    cli: Cli, project: Project
) -> None:
    root = scenario(project)

    result = cli("check", "--output-format", "json", cwd=root)

    assert result.code == 1
    reported = [
        (
            item["code"],
            item["filename"],
            item["location"],
            item["end_location"],
            item["message"],
            item["fix"],
        )
        for item in result.json()
    ]
    assert reported == [
        (
            "BK101",
            str(root / "pyproject.toml"),
            {"row": 7, "column": 6},
            {"row": 7, "column": 18},
            REDIS_MESSAGE,
            {
                "applicability": "safe",
                "message": "Replace with `redis`",
                "edits": [
                    {
                        "content": "redis",
                        "location": {"row": 7, "column": 6},
                        "end_location": {"row": 7, "column": 18},
                    }
                ],
            },
        ),
        (
            "BK101",
            str(root / "requirements.txt"),
            {"row": 3, "column": 1},
            {"row": 3, "column": 13},
            REDIS_MESSAGE,
            {
                "applicability": "safe",
                "message": "Replace with `redis`",
                "edits": [
                    {
                        "content": "redis",
                        "location": {"row": 3, "column": 1},
                        "end_location": {"row": 3, "column": 13},
                    }
                ],
            },
        ),
    ]


def test_fix_rewrites_requirements_and_pyproject_keeping_everything_else_byte_for_byte(
    cli: Cli, project: Project
) -> None:
    root = scenario(project)

    result = cli("check", "--fix", cwd=root)

    assert result.code == 0
    assert (root / "requirements.txt").read_bytes() == (
        b"# Runtime dependencies\n"
        b"fastapi>=0.110\n"
        b'redis[hiredis]>=5 ; python_version >= "3.10"  # response cache\n'
        b"httpx>=0.27\n"
    )
    assert (root / "pyproject.toml").read_bytes() == (
        b"[project]\n"
        b'name = "shop"\n'
        b'version = "0.1.0"\n'
        b'requires-python = ">=3.11"\n'
        b"dependencies = [\n"
        b'    "fastapi>=0.110",\n'
        b"    \"redis[hiredis]>=5; python_version >= '3.10'\",  # response cache\n"
        b"]\n"
    )


def test_fix_then_second_run_reports_nothing_and_exits_zero(cli: Cli, project: Project) -> None:
    root = scenario(project)
    cli("check", "--fix", cwd=root)
    fixed = snapshot(root)

    second = cli("check", cwd=root)
    third = cli("check", "--fix", cwd=root)

    assert second.code == 0
    assert second.out.strip() == "All checks passed!"
    assert third.code == 0
    assert snapshot(root) == fixed


def test_fix_keeps_crlf_line_endings(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": b"fastapi>=0.110\r\npython-redis>=5  # cache\r\n"})

    result = cli("check", "--fix", cwd=root)

    assert result.code == 0
    assert (root / "requirements.txt").read_bytes() == b"fastapi>=0.110\r\nredis>=5  # cache\r\n"


def test_diff_prints_unified_diff_exits_one_and_changes_no_file(
    cli: Cli, project: Project
) -> None:
    root = scenario(project)
    before = snapshot(root)

    result = cli("check", "--diff", cwd=root)

    assert result.code == 1
    assert snapshot(root) == before
    lines = result.out.splitlines()
    assert [line for line in lines if line.startswith(("---", "+++"))] == [
        "--- pyproject.toml",
        "+++ pyproject.toml",
        "--- requirements.txt",
        "+++ requirements.txt",
    ]
    changed = [line for line in lines if line[:1] in "+-" and not line.startswith(("---", "+++"))]
    assert changed == [
        "-    \"python-redis[hiredis]>=5; python_version >= '3.10'\",  # response cache",
        "+    \"redis[hiredis]>=5; python_version >= '3.10'\",  # response cache",
        '-python-redis[hiredis]>=5 ; python_version >= "3.10"  # response cache',
        '+redis[hiredis]>=5 ; python_version >= "3.10"  # response cache',
    ]
    assert sum(line.startswith("@@ ") for line in lines) == 2
    assert "Would fix 2 errors in 2 files." in result.err


def test_diff_on_clean_project_prints_nothing_and_exits_zero(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "redis>=5\nfastapi>=0.110\n"})

    result = cli("check", "--diff", cwd=root)

    assert result.code == 0
    assert result.out == ""


# Exit statuses -------------------------------------------------------------------------------


def test_clean_project_exits_zero_with_all_checks_passed(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "redis>=5\npython-dotenv>=1\n"})

    result = cli("check", cwd=root)

    assert result.code == 0
    assert result.out.strip() == "All checks passed!"
    assert result.err == ""


def test_diagnostics_left_exit_one(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\n"})

    assert cli("check", cwd=root).code == 1


def test_exit_zero_exits_zero_with_diagnostics_still_reported(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\n"})

    result = cli("check", "--exit-zero", "--output-format", "concise", cwd=root)

    assert result.code == 0
    assert result.out.splitlines()[0] == f"requirements.txt:1:1: BK101 [*] {REDIS_MESSAGE}"


def test_unknown_selector_exits_two_with_one_line_error(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\n"})

    result = cli("check", "--select", "BK9", cwd=root)

    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert "`BK9`" in result.err


def test_malformed_selector_exits_two(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\n"})

    result = cli("check", "--ignore", "XYZ", cwd=root)

    assert result.code == 2
    assert "`XYZ` is not a rule selector" in result.err


def test_nonexistent_path_exits_two_naming_it(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\n"})

    result = cli("check", "missing_dir", cwd=root)

    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert "missing_dir" in result.err
    assert "no such file or directory" in result.err


def test_bad_config_exits_two(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nselec = ["BK1"]\n',
            "requirements.txt": "python-redis>=5\n",
        }
    )

    result = cli("check", cwd=root)

    assert result.code == 2
    assert result.out == ""
    assert "selec" in result.err


def test_invalid_cli_flag_exits_two(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\n"})

    result = cli("check", "--frobnicate", cwd=root)

    assert result.code == 2
    assert "--frobnicate" in result.err


def test_no_command_exits_two(cli: Cli) -> None:
    result = cli()

    assert result.code == 2
    assert "usage: backlint" in result.err


# Rule selection ------------------------------------------------------------------------------

SELECTION_FILES = {
    "requirements.txt": "python-redis>=5  # noqa: BK999\nhttpx=>0.27\n",
}
# Row 1: BK101 (python-redis) and BK001 (its noqa names a code that does not exist);
# row 2: BK108 (an invalid requirement).


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["BK101", "BK001", "BK108"]),
        (("--select", "ALL"), ["BK101", "BK001", "BK108"]),
        (("--select", "BK101"), ["BK101"]),
        (("--select", "BK1"), ["BK101", "BK108"]),
        (("--select", "BK10"), ["BK101", "BK108"]),
        (("--select", "BK0"), ["BK001"]),
        (("--select", "BK101,BK108"), ["BK101", "BK108"]),
        (("--select", "BK101", "--select", "BK108"), ["BK101", "BK108"]),
        (("--ignore", "BK1"), ["BK001"]),
        (("--ignore", "BK10"), ["BK001"]),
        (("--ignore", "BK001,BK108"), ["BK101"]),
        (("--select", "BK101", "--extend-select", "BK108"), ["BK101", "BK108"]),
        (("--select", "BK101", "--ignore", "BK1"), ["BK101"]),
        (("--select", "BK1", "--ignore", "BK108"), ["BK101"]),
        (("--ignore", "ALL", "--extend-select", "BK108"), ["BK108"]),
    ],
)
def test_select_extend_select_and_ignore_choose_the_reported_codes(
    cli: Cli, project: Project, args: tuple[str, ...], expected: list[str]
) -> None:
    root = project(SELECTION_FILES).resolve()

    reported = check_json(cli, root, *args)

    assert [code for code, _, _, _ in reported] == expected


def test_more_specific_select_wins_over_broader_ignore(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\nhttpx=>0.27\n"}).resolve()

    reported = check_json(cli, root, "--select", "BK101", "--ignore", "BK1")

    assert reported == [("BK101", "requirements.txt", 1, 1)]


def test_cli_select_replaces_configured_select(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nselect = ["BK108"]\n',
            "requirements.txt": "python-redis>=5\nhttpx=>0.27\n",
        }
    ).resolve()

    configured = check_json(cli, root)
    replaced = check_json(cli, root, "--select", "BK101")

    assert configured == [("BK108", "requirements.txt", 2, 1)]
    assert replaced == [("BK101", "requirements.txt", 1, 1)]


def test_cli_extend_select_adds_to_configured_select(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nselect = ["BK108"]\n',
            "requirements.txt": "python-redis>=5\nhttpx=>0.27\n",
        }
    ).resolve()

    reported = check_json(cli, root, "--extend-select", "BK101")

    assert reported == [("BK101", "requirements.txt", 1, 1), ("BK108", "requirements.txt", 2, 1)]


def test_cli_ignore_adds_to_configured_ignore(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nignore = ["BK101"]\n',
            "requirements.txt": "python-redis>=5\nhttpx=>0.27\nfastapi>=0.110  # noqa: BK999\n",
        }
    ).resolve()

    configured = check_json(cli, root)
    both = check_json(cli, root, "--ignore", "BK108")

    assert configured == [
        ("BK108", "requirements.txt", 2, 1),
        ("BK001", "requirements.txt", 3, 25),
    ]
    assert both == [("BK001", "requirements.txt", 3, 25)]


# Output formats ------------------------------------------------------------------------------


def test_concise_prints_one_line_per_diagnostic_then_summary(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "fastapi>=0.110\npython-redis>=5\nhttpx=>0.27\n"})

    result = cli("check", "--output-format", "concise", cwd=root)

    assert result.code == 1
    assert result.out.splitlines() == [
        f"requirements.txt:2:1: BK101 [*] {REDIS_MESSAGE}",
        "requirements.txt:3:1: BK108 Invalid requirement `httpx=>0.27`: expected semicolon "
        "(after name with no version specifier) or end (did you mean `>=`?)",
        "Found 2 errors.",
        "[*] 1 fixable with the `--fix` option.",
    ]


def test_full_shows_source_line_caret_under_span_and_help(cli: Cli, project: Project) -> None:
    root = scenario(project)

    result = cli("check", "--output-format", "full", cwd=root)

    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[:7] == [
        f"BK101 [*] {REDIS_MESSAGE}",
        " --> pyproject.toml:7:6",
        "  |",
        "7 |     \"python-redis[hiredis]>=5; python_version >= '3.10'\",  # response cache",
        "  |      ^^^^^^^^^^^^",
        "  |",
        "help: Replace with `redis`",
    ]
    assert lines[8:15] == [
        f"BK101 [*] {REDIS_MESSAGE}",
        " --> requirements.txt:3:1",
        "  |",
        '3 | python-redis[hiredis]>=5 ; python_version >= "3.10"  # response cache',
        "  | ^^^^^^^^^^^^",
        "  |",
        "help: Replace with `redis`",
    ]
    assert lines[-2:] == ["Found 2 errors.", "[*] 2 fixable with the `--fix` option."]


def test_full_is_the_default_format(cli: Cli, project: Project) -> None:
    root = scenario(project)

    default = cli("check", cwd=root)
    full = cli("check", "--output-format", "full", cwd=root)

    assert default.out == full.out


def test_json_has_ruff_shape_with_null_fix_when_no_fix(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "httpx=>0.27\n"}).resolve()

    result = cli("check", "--output-format", "json", cwd=root)

    assert result.code == 1
    [item] = result.json()
    assert {"code", "message", "filename", "location", "end_location", "fix", "url"} <= set(item)
    assert item["code"] == "BK108"
    assert item["filename"] == str(root / "requirements.txt")
    assert os.path.isabs(item["filename"])
    assert item["location"] == {"row": 1, "column": 1}
    assert item["end_location"] == {"row": 1, "column": 12}
    assert item["fix"] is None
    assert item["noqa_row"] == 1
    assert item["message"].startswith("Invalid requirement `httpx=>0.27`")


def test_json_filename_is_absolute_when_path_given_relative(cli: Cli, project: Project) -> None:
    root = project({"reqs/requirements.txt": "python-redis>=5\n"}).resolve()

    result = cli("check", "--output-format", "json", "reqs", cwd=root)

    assert [item["filename"] for item in result.json()] == [str(root / "reqs/requirements.txt")]


def test_json_of_clean_project_is_empty_list_and_exit_zero(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "redis>=5\n"})

    result = cli("check", "--output-format", "json", cwd=root)

    assert result.code == 0
    assert result.json() == []


def test_statistics_counts_each_code(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "python-redis>=5\npython-celery>=5\nhttpx=>0.27\n",
            "requirements-dev.txt": "python-mock>=5\n",
        }
    )

    result = cli("check", "--statistics", cwd=root)

    assert result.code == 1
    lines = result.out.splitlines()
    assert [line.split() for line in lines[:2]] == [
        ["3", "BK101", "[*]", "bogus-python-prefix"],
        ["1", "BK108", "invalid-requirement"],
    ]
    assert "python-redis" not in result.out
    assert "Found 4 errors." in lines


def test_quiet_prints_diagnostics_without_summary(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\n"})

    result = cli("check", "--quiet", "--output-format", "concise", cwd=root)

    assert result.code == 1
    assert result.out.splitlines() == [f"requirements.txt:1:1: BK101 [*] {REDIS_MESSAGE}"]


def test_quiet_on_clean_project_prints_nothing(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "redis>=5\n"})

    result = cli("check", "-q", cwd=root)

    assert result.code == 0
    assert result.out == ""


def test_no_cache_is_accepted_and_changes_no_result(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\n"}).resolve()

    result = cli("check", "--no-cache", "--output-format", "json", cwd=root)

    assert result.code == 1
    assert findings(result, root) == [("BK101", "requirements.txt", 1, 1)]


def test_config_option_uses_the_given_file(cli: Cli, project: Project) -> None:
    base = project(
        {
            "elsewhere/backlint.toml": 'ignore = ["BK101"]\n',
            "app/requirements.txt": "python-redis>=5\nhttpx=>0.27\n",
        }
    ).resolve()
    root = base / "app"

    without = check_json(cli, root)
    with_config = check_json(cli, root, "--config", str(base / "elsewhere/backlint.toml"))

    assert without == [("BK101", "requirements.txt", 1, 1), ("BK108", "requirements.txt", 2, 1)]
    assert with_config == [("BK108", "requirements.txt", 2, 1)]


def test_config_option_wins_over_the_nearest_config(cli: Cli, project: Project) -> None:
    base = project(
        {
            "elsewhere/backlint.toml": 'ignore = ["BK101"]\n',
            "app/pyproject.toml": '[tool.backlint]\nignore = ["BK108"]\n',
            "app/requirements.txt": "python-redis>=5\nhttpx=>0.27\n",
        }
    ).resolve()
    root = base / "app"

    reported = check_json(cli, root, "--config", "../elsewhere/backlint.toml")

    assert reported == [("BK108", "requirements.txt", 2, 1)]


def test_missing_config_file_exits_two(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\n"})

    result = cli("check", "--config", "nowhere.toml", cwd=root)

    assert result.code == 2
    assert "nowhere.toml" in result.err
    assert result.err.count("\n") == 1


def test_explicit_file_in_excluded_directory_is_checked(cli: Cli, project: Project) -> None:
    root = project(
        {"requirements.txt": "redis\n", "build/requirements.txt": "python-redis>=5\n"}
    ).resolve()

    reported = check_json(cli, root, "build/requirements.txt")

    assert reported == [("BK101", "build/requirements.txt", 1, 1)]


def test_force_exclude_applies_excludes_to_explicit_file(cli: Cli, project: Project) -> None:
    root = project(
        {"requirements.txt": "redis\n", "build/requirements.txt": "python-redis>=5\n"}
    ).resolve()

    reported = check_json(cli, root, "--force-exclude", "build/requirements.txt")

    assert reported == []


def test_force_exclude_skips_explicit_python_file_in_default_excluded_directory(
    cli: Cli, project: Project
) -> None:
    root = project(
        {"requirements.txt": "redis\n", ".venv/lib/site.py": "import os  # noqa: BK999\n"}
    ).resolve()

    explicit = check_json(cli, root, ".venv/lib/site.py")
    forced = check_json(cli, root, "--force-exclude", ".venv/lib/site.py")

    assert explicit == [("BK001", ".venv/lib/site.py", 1, 20)]
    assert forced == []


def test_force_exclude_applies_configured_extend_exclude(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nextend-exclude = ["legacy"]\n',
            "legacy/requirements.txt": "python-redis>=5\n",
        }
    ).resolve()

    explicit = check_json(cli, root, "legacy/requirements.txt")
    forced = check_json(cli, root, "--force-exclude", "legacy/requirements.txt")

    assert explicit == [("BK101", "legacy/requirements.txt", 1, 1)]
    assert forced == []


# Discovery -----------------------------------------------------------------------------------


def test_default_excluded_directories_are_skipped(cli: Cli, project: Project) -> None:
    bogus = "python-redis>=5\n"
    root = project(
        {
            "requirements.txt": bogus,
            ".venv/requirements.txt": bogus,
            "venv/lib/requirements.txt": bogus,
            "node_modules/pkg/requirements.txt": bogus,
            "build/requirements.txt": bogus,
            "dist/requirements.txt": bogus,
            ".tox/py311/requirements.txt": bogus,
        }
    ).resolve()

    assert check_json(cli, root) == [("BK101", "requirements.txt", 1, 1)]


def test_gitignored_file_is_skipped(cli: Cli, project: Project) -> None:
    root = project(
        {
            ".gitignore": "requirements-local.txt\nscratch/\n",
            "requirements.txt": "python-celery>=5\n",
            "requirements-local.txt": "python-redis>=5\n",
            "scratch/requirements.txt": "python-redis>=5\n",
        }
    ).resolve()

    assert check_json(cli, root) == [("BK101", "requirements.txt", 1, 1)]


def test_configured_extend_exclude_is_honoured(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nextend-exclude = ["legacy", "ops/*.txt"]\n',
            "requirements.txt": "python-celery>=5\n",
            "legacy/requirements.txt": "python-redis>=5\n",
            "ops/requirements.txt": "python-redis>=5\n",
            "ops/deeper/requirements.txt": "python-mock>=5\n",
        }
    ).resolve()

    assert check_json(cli, root) == [
        ("BK101", "ops/deeper/requirements.txt", 1, 1),
        ("BK101", "requirements.txt", 1, 1),
    ]


def test_file_reached_only_through_include_is_checked(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "-r shared/base.txt\nfastapi>=0.110\n",
            "shared/base.txt": "uvicorn>=0.29\npython-redis>=5\n",
        }
    ).resolve()

    assert check_json(cli, root) == [("BK101", "shared/base.txt", 2, 1)]


def test_missing_include_is_bk108_at_the_include_line(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "fastapi>=0.110\n-r missing.txt\n"}).resolve()

    result = cli("check", "--output-format", "json", cwd=root)

    [item] = result.json()
    assert (item["code"], item["location"]["row"]) == ("BK108", 2)
    assert item["message"] == "`-r` file not found: `missing.txt`"


def test_txt_file_in_requirements_folder_is_checked(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements/dev.txt": "pytest>=8\npython-mock>=5\n",
            "requirements/base.in": "python-celery\n",
            "notes/todo.txt": "python-redis\n",
        }
    ).resolve()

    assert check_json(cli, root) == [
        ("BK101", "requirements/base.in", 1, 1),
        ("BK101", "requirements/dev.txt", 2, 1),
    ]


def test_fix_rewrites_included_file(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "-r base.txt\n", "base.txt": "python-redis>=5  # cache\n"})

    result = cli("check", "--fix", cwd=root)

    assert result.code == 0
    assert (root / "base.txt").read_text() == "redis>=5  # cache\n"
    assert (root / "requirements.txt").read_text() == "-r base.txt\n"


# Suppression ---------------------------------------------------------------------------------


def test_noqa_with_code_suppresses_and_is_not_reported_unused(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5  # noqa: BK101\n"}).resolve()

    result = cli("check", "--output-format", "json", cwd=root)

    assert result.code == 0
    assert result.json() == []


def test_noqa_in_pyproject_dependency_line_suppresses(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": (
                '[project]\nname = "x"\nversion = "0"\n'
                'dependencies = [\n    "python-redis>=5",  # noqa: BK101\n]\n'
            )
        }
    ).resolve()

    assert check_json(cli, root) == []


def test_bare_noqa_suppresses_everything_on_its_line(cli: Cli, project: Project) -> None:
    root = project(
        {"requirements.txt": "python-redis>=5  # noqa\nhttpx=>0.27  # noqa\npython-mock>=5\n"}
    ).resolve()

    assert check_json(cli, root) == [("BK101", "requirements.txt", 3, 1)]


def test_file_level_noqa_suppresses_everything_in_the_file(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "# backlint: noqa\npython-redis>=5\nhttpx=>0.27\n",
            "requirements-dev.txt": "python-mock>=5\n",
        }
    ).resolve()

    assert check_json(cli, root) == [("BK101", "requirements-dev.txt", 1, 1)]


def test_file_level_noqa_with_codes_suppresses_only_those_codes(
    cli: Cli, project: Project
) -> None:
    root = project(
        {"requirements.txt": "# backlint: noqa: BK101\npython-redis>=5\nhttpx=>0.27\n"}
    ).resolve()

    assert check_json(cli, root) == [("BK108", "requirements.txt", 3, 1)]


def test_per_file_ignores_in_config_suppress_matching_files(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": (
                "[tool.backlint.per-file-ignores]\n"
                '"requirements/*" = ["BK101"]\n'
                '"requirements-dev.txt" = ["BK1"]\n'
            ),
            "requirements.txt": "python-redis>=5\n",
            "requirements-dev.txt": "python-mock>=5\nhttpx=>0.27\n",
            "requirements/prod.txt": "python-celery>=5\nhttpx=>0.27\n",
        }
    ).resolve()

    assert check_json(cli, root) == [
        ("BK101", "requirements.txt", 1, 1),
        ("BK108", "requirements/prod.txt", 2, 1),
    ]


def test_unused_noqa_is_bk001_and_fix_removes_it(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "redis>=5  # noqa: BK101\nfastapi>=0.110\n"}).resolve()

    result = cli("check", "--output-format", "json", cwd=root)
    fixed = cli("check", "--fix", cwd=root)

    [item] = result.json()
    assert item["code"] == "BK001"
    assert item["message"] == "Unused `noqa` directive (unused: `BK101`)"
    assert (item["location"], item["end_location"]) == (
        {"row": 1, "column": 19},
        {"row": 1, "column": 24},
    )
    assert item["fix"]["applicability"] == "safe"
    assert fixed.code == 0
    assert (root / "requirements.txt").read_text() == "redis>=5\nfastapi>=0.110\n"


def test_unused_code_among_others_is_removed_leaving_the_rest(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "redis>=5  # noqa: BK101, E501\n"})

    result = cli("check", "--fix", cwd=root)

    assert result.code == 0
    assert (root / "requirements.txt").read_text() == "redis>=5  # noqa: E501\n"


def test_unknown_noqa_code_is_bk001(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "fastapi>=0.110  # noqa: BK999\n"}).resolve()

    result = cli("check", "--output-format", "json", cwd=root)

    [item] = result.json()
    assert (item["code"], item["location"]) == ("BK001", {"row": 1, "column": 25})
    assert item["message"] == "Unused `noqa` directive (unknown: `BK999`)"


def test_noqa_for_another_tool_is_left_alone(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi>=0.110  # noqa: E501\n",
            "app.py": "import os  # noqa: F401\n",
        }
    )

    result = cli("check", "--fix", cwd=root)

    assert result.code == 0
    assert result.out.strip() == "All checks passed!"
    assert (root / "requirements.txt").read_text() == "fastapi>=0.110  # noqa: E501\n"
    assert (root / "app.py").read_text() == "import os  # noqa: F401\n"


def test_unused_noqa_in_python_file_is_bk001(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi>=0.110\n",
            "app.py": "import os\nimport sys  # noqa: BK101\n",
        }
    ).resolve()

    assert check_json(cli, root) == [("BK001", "app.py", 2, 21)]


def test_noqa_for_rule_not_enabled_is_not_reported_unused(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "redis>=5  # noqa: BK101\nfastapi  # noqa: BK999\n"})

    result = cli("check", "--select", "BK001,BK108", "--output-format", "json", cwd=root)

    assert [(item["code"], item["location"]["row"]) for item in result.json()] == [("BK001", 2)]


# Bad input -----------------------------------------------------------------------------------


def test_unparsable_python_file_is_one_bk002_and_other_files_still_checked(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "app/broken.py": "import os\n\ndef broken(:\n    pass\n\nx = (\n",
            "requirements.txt": "python-redis>=5\n",
        }
    ).resolve()

    result = cli("check", "--output-format", "json", cwd=root)

    assert result.code == 1
    assert findings(result, root) == [
        ("BK002", "app/broken.py", 3, 12),
        ("BK101", "requirements.txt", 1, 1),
    ]
    assert result.json()[0]["message"].startswith("syntax error")
    assert "Traceback" not in result.err


def test_non_utf8_python_file_is_bk002_at_the_bad_byte(cli: Cli, project: Project) -> None:
    root = project(
        {"requirements.txt": "fastapi>=0.110\n", "app.py": b'import os\n\nname = "caf\xe9"\n'}
    ).resolve()

    result = cli("check", "--output-format", "json", cwd=root)

    assert result.code == 1
    [item] = result.json()
    assert (item["code"], item["location"]) == ("BK002", {"row": 3, "column": 12})
    assert "0xe9" in item["message"]
    assert "Traceback" not in result.err


def test_non_utf8_byte_column_counts_characters_not_bytes(cli: Cli, project: Project) -> None:
    root = project(
        {"requirements.txt": "fastapi>=0.110\n", "app.py": b'x = 1\ns = "\xc3\xa9\xff"\n'}
    ).resolve()

    result = cli("check", "--output-format", "json", cwd=root)

    [item] = result.json()
    assert (item["code"], item["location"]) == ("BK002", {"row": 2, "column": 7})


def test_latin1_python_file_with_coding_cookie_is_fine(cli: Cli, project: Project) -> None:
    root = project(
        {
            "requirements.txt": "fastapi>=0.110\n",
            "app.py": b'# -*- coding: latin-1 -*-\nname = "caf\xe9"\n',
        }
    )

    result = cli("check", cwd=root)

    assert result.code == 0
    assert result.out.strip() == "All checks passed!"
    assert result.err == ""


def test_non_utf8_requirements_file_is_bk002(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": b"fastapi\ncaf\xe9\n"}).resolve()

    result = cli("check", "--output-format", "json", cwd=root)

    assert findings(result, root) == [("BK002", "requirements.txt", 2, 4)]
    assert "Traceback" not in result.err


def test_invalid_pyproject_is_bk002_at_its_line(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[project]\nname = "x"\ndependencies = [\n  "a",\n  ,\n]\n',
            "requirements.txt": "python-redis>=5\n",
        }
    ).resolve()

    result = cli("check", "--output-format", "json", cwd=root)

    assert findings(result, root) == [
        ("BK002", "pyproject.toml", 5, 3),
        ("BK101", "requirements.txt", 1, 1),
    ]
    assert "Traceback" not in result.err


def test_fix_leaves_unparsable_file_alone_and_fixes_the_rest(cli: Cli, project: Project) -> None:
    broken = "def broken(:\n    pass\n"
    root = project({"broken.py": broken, "requirements.txt": "python-redis>=5\n"})

    result = cli("check", "--fix", cwd=root)

    assert result.code == 1
    assert (root / "broken.py").read_text() == broken
    assert (root / "requirements.txt").read_text() == "redis>=5\n"
    assert "Traceback" not in result.err


# Fixing --------------------------------------------------------------------------------------


def test_fix_exits_zero_when_everything_was_fixed(cli: Cli, project: Project) -> None:
    root = project(
        {"requirements.txt": "python-redis>=5\npython-celery>=5\n", "app.py": "x = 1\n"}
    )

    result = cli("check", "--fix", cwd=root)

    assert result.code == 0
    assert result.out.strip() == "Found 2 errors (2 fixed, 0 remaining)."
    assert (root / "requirements.txt").read_text() == "redis>=5\ncelery>=5\n"


def test_fix_exits_one_when_something_remains(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\npython-mock>=5\nhttpx=>0.27\n"})

    result = cli("check", "--fix", "--output-format", "concise", cwd=root)

    assert result.code == 1
    assert result.out.splitlines()[-1] == "Found 3 errors (2 fixed, 1 remaining)."
    assert result.out.splitlines()[0].startswith("requirements.txt:3:1: BK108 ")
    assert (root / "requirements.txt").read_text() == "redis>=5\nmock>=5\nhttpx=>0.27\n"


def test_fix_with_exit_zero_exits_zero_when_something_remains(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\nhttpx=>0.27\n"})

    result = cli("check", "--fix", "--exit-zero", cwd=root)

    assert result.code == 0
    assert (root / "requirements.txt").read_text() == "redis>=5\nhttpx=>0.27\n"


def test_fix_removes_only_the_unused_code_from_a_noqa(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5  # noqa: BK101, BK108\n"})

    result = cli("check", "--fix", cwd=root)

    assert result.code == 0
    assert (root / "requirements.txt").read_text() == "python-redis>=5  # noqa: BK101\n"


def test_fix_keeps_file_permissions(cli: Cli, project: Project) -> None:
    root = project({"requirements.txt": "python-redis>=5\n"})
    (root / "requirements.txt").chmod(0o640)

    cli("check", "--fix", cwd=root)

    assert (root / "requirements.txt").read_text() == "redis>=5\n"
    assert (root / "requirements.txt").stat().st_mode & 0o777 == 0o640


# Entry points and rule documentation ---------------------------------------------------------


def _subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FORCE_COLOR", None)
    src = str(REPO / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    return env


def test_python_m_backlint_checks_bundled_example() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "backlint", "check", "--output-format", "concise", "examples/"],
        cwd=REPO,
        env=_subprocess_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    lines = completed.stdout.splitlines()
    assert any(
        line.startswith("examples/backend/requirements.txt:")
        and " BK101 [*] `python-redis` " in line
        for line in lines
    )


def test_python_m_backlint_json_parses(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("python-redis>=5\n")

    completed = subprocess.run(
        [sys.executable, "-m", "backlint", "check", "--output-format", "json", str(tmp_path)],
        env=_subprocess_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 1
    data: list[dict[str, Any]] = json.loads(completed.stdout)
    assert [(d["code"], d["location"]["row"]) for d in data] == [("BK101", 1)]


def test_rule_prints_documentation(cli: Cli) -> None:
    result = cli("rule", "BK101")

    assert result.code == 0
    assert result.out.startswith("# bogus-python-prefix (BK101)\n")
    assert "## What it does" in result.out
    assert "## Fix safety" in result.out
    assert "python-redis" in result.out


def test_rule_code_is_case_insensitive(cli: Cli) -> None:
    assert cli("rule", "bk101").out == cli("rule", "BK101").out
    assert cli("rule", "bk101").code == 0


def test_explain_is_an_alias_of_rule(cli: Cli) -> None:
    assert cli("explain", "BK108").out == cli("rule", "BK108").out


def test_rule_with_unknown_code_exits_two(cli: Cli) -> None:
    result = cli("rule", "BK999")

    assert result.code == 2
    assert result.out == ""
    assert "BK999" in result.err


def test_rules_lists_every_code(cli: Cli) -> None:
    result = cli("rules")

    assert result.code == 0
    listed = [line.split()[0] for line in result.out.splitlines()[1:] if line.strip()]
    assert listed == [rule.code for rule in all_rules()]
    assert {"BK001", "BK002", "BK101", "BK108"} <= set(listed)


def test_rules_json_parses_and_lists_every_code(cli: Cli) -> None:
    result = cli("rules", "--output-format", "json")

    assert result.code == 0
    data = json.loads(result.out)
    codes = [entry["code"] for entry in data]
    assert {"BK001", "BK002", "BK101", "BK108"} <= set(codes)
    assert codes == [rule.code for rule in all_rules()]
    bk101 = next(entry for entry in data if entry["code"] == "BK101")
    assert (bk101["name"], bk101["fix"]) == ("bogus-python-prefix", "sometimes")


def test_version_prints_the_package_version(cli: Cli) -> None:
    result = cli("--version")

    assert result.code == 0
    assert result.out.strip() == f"backlint {__version__}"
