"""Configuration: where it is found, how it is validated, and what its keys change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from backlint.config import ConfigError, load_config

from .conftest import CliResult

Cli = Callable[..., CliResult]
Project = Callable[[dict[str, str | bytes]], Path]

# Two findings, one per rule, so that a configuration's effect shows in which is left.
TWO_FINDINGS = "python-redis>=5\nhttpx=>0.27\n"


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def reported(cli: Cli, cwd: Path, *args: str) -> list[tuple[str, str, int]]:
    """(code, path relative to cwd, row) of every diagnostic, from JSON output."""
    result = cli("check", "--output-format", "json", *args, cwd=cwd)
    assert result.err == "", result.err
    return [
        (item["code"], Path(item["filename"]).relative_to(cwd).as_posix(), item["location"]["row"])
        for item in result.json()
    ]


def config_error(cli: Cli, root: Path) -> str:
    """Run a check that must stop on its configuration; return the single stderr line."""
    result = cli("check", cwd=root)
    assert result.code == 2
    assert result.out == ""
    assert "Traceback" not in result.err
    assert result.err.count("\n") == 1, result.err
    return result.err.rstrip("\n")


# Finding the configuration -----------------------------------------------------------------


def test_pyproject_table_is_found_from_a_subdirectory_path(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.backlint]\nignore = ["BK101"]\n',
            "services/api/requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    assert reported(cli, root, "services/api") == [("BK108", "services/api/requirements.txt", 2)]


def test_pyproject_table_is_found_from_a_subdirectory_working_directory(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nignore = ["BK101"]\n',
            "services/api/requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    assert reported(cli, root / "services/api") == [("BK108", "requirements.txt", 2)]


def test_backlint_toml_takes_precedence_over_pyproject_in_the_same_directory(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "backlint.toml": 'ignore = ["BK108"]\n',
            "pyproject.toml": '[tool.backlint]\nignore = ["BK101"]\n',
            "requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    assert reported(cli, root) == [("BK101", "requirements.txt", 1)]
    assert load_config(str(root)).path == str(root / "backlint.toml")


def test_backlint_toml_keys_are_at_top_level(cli: Cli, project: Project) -> None:
    root = project(
        {
            "backlint.toml": 'select = ["BK108"]\n\n[per-file-ignores]\n"extra/*" = ["BK108"]\n',
            "requirements.txt": TWO_FINDINGS,
            "extra/requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    assert reported(cli, root) == [("BK108", "requirements.txt", 2)]


def test_nearest_configuration_wins_for_a_nested_project(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nignore = ["BK101"]\n',
            "inner/pyproject.toml": '[tool.backlint]\nignore = ["BK108"]\n',
            "inner/requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    assert reported(cli, root, "inner") == [("BK101", "inner/requirements.txt", 1)]
    assert load_config(str(root / "inner")).path == str(root / "inner/pyproject.toml")


def test_nested_project_files_use_their_own_configuration_when_checking_from_outside(
    cli: Cli, project: Project
) -> None:
    # As with ruff, each file is governed by the configuration nearest to it.
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nignore = ["BK101"]\n',
            "requirements.txt": TWO_FINDINGS,
            "inner/pyproject.toml": '[tool.backlint]\nignore = ["BK108"]\n',
            "inner/requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    assert reported(cli, root) == [
        ("BK101", "inner/requirements.txt", 1),
        ("BK108", "requirements.txt", 2),
    ]


def test_pyproject_without_backlint_table_is_skipped_upward(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nignore = ["BK101"]\n',
            "inner/pyproject.toml": '[project]\nname = "inner"\n\n[tool.ruff]\nline-length = 99\n',
            "inner/requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    assert reported(cli, root, "inner") == [("BK108", "inner/requirements.txt", 2)]
    assert load_config(str(root / "inner")).path == str(root / "pyproject.toml")


def test_pyproject_mentioning_backlint_without_its_table_is_skipped_upward(
    project: Project,
) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nignore = ["BK101"]\n',
            "inner/pyproject.toml": '[project]\nname = "inner"\ndependencies = ["backlint"]\n',
        }
    ).resolve()

    loaded = load_config(str(root / "inner"))

    assert loaded.path == str(root / "pyproject.toml")
    assert loaded.settings.ignore == ["BK101"]
    assert loaded.root == str(root)


def test_no_configuration_uses_defaults(project: Project) -> None:
    root = project({"requirements.txt": "fastapi\n"}).resolve()

    loaded = load_config(str(root))

    assert loaded.path is None
    assert loaded.root == str(root)
    assert loaded.settings.select is None
    assert loaded.settings.ignore == []
    assert loaded.settings.respect_gitignore is True
    assert loaded.target_version == (3, 10)


def test_load_config_reads_hyphenated_keys(project: Project) -> None:
    root = project(
        {
            "pyproject.toml": (
                "[tool.backlint]\n"
                'extend-select = ["BK108"]\n'
                'extend-exclude = ["migrations"]\n'
                "respect-gitignore = false\n"
                "\n[tool.backlint.per-file-ignores]\n"
                '"tests/**" = ["BK101"]\n'
            )
        }
    ).resolve()

    settings = load_config(str(root)).settings

    assert settings.extend_select == ["BK108"]
    assert settings.extend_exclude == ["migrations"]
    assert settings.respect_gitignore is False
    assert settings.per_file_ignores == {"tests/**": ["BK101"]}


# Malformed configuration -------------------------------------------------------------------


def test_unknown_key_is_one_line_error_naming_file_and_key(cli: Cli, project: Project) -> None:
    root = project(
        {"pyproject.toml": '[tool.backlint]\nselec = ["BK1"]\n', "requirements.txt": TWO_FINDINGS}
    ).resolve()

    line = config_error(cli, root)

    assert line.startswith(f"backlint: error: {root / 'pyproject.toml'}: ")
    assert "unknown key `selec` in [tool.backlint]" in line
    assert "expected one of:" in line
    assert "select" in line.split("expected one of:")[1].replace(",", " ").split()


def test_unknown_key_in_backlint_toml_names_that_file(cli: Cli, project: Project) -> None:
    root = project({"backlint.toml": "ignroe = []\n", "requirements.txt": TWO_FINDINGS}).resolve()

    line = config_error(cli, root)

    assert str(root / "backlint.toml") in line
    assert "unknown key `ignroe`" in line


def test_wrong_type_for_select_is_one_line_error(cli: Cli, project: Project) -> None:
    root = project(
        {"pyproject.toml": '[tool.backlint]\nselect = "BK1"\n', "requirements.txt": TWO_FINDINGS}
    ).resolve()

    line = config_error(cli, root)

    assert line == (
        f"backlint: error: {root / 'pyproject.toml'}: invalid value for `select` in "
        "[tool.backlint]: Input should be a valid list"
    )


def test_invalid_selector_in_select_is_one_line_error(cli: Cli, project: Project) -> None:
    root = project(
        {"pyproject.toml": '[tool.backlint]\nselect = ["XYZ"]\n', "requirements.txt": TWO_FINDINGS}
    ).resolve()

    line = config_error(cli, root)

    assert str(root / "pyproject.toml") in line
    assert "`select`" in line
    assert "`XYZ` is not a rule selector" in line


def test_selector_matching_no_rule_in_select_names_file_and_key(
    cli: Cli, project: Project
) -> None:
    root = project(
        {"pyproject.toml": '[tool.backlint]\nselect = ["BK9"]\n', "requirements.txt": TWO_FINDINGS}
    ).resolve()

    line = config_error(cli, root)

    assert "`BK9`" in line
    assert str(root / "pyproject.toml") in line
    assert "`select`" in line


def test_selector_matching_no_rule_in_per_file_ignores_is_an_error(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint.per-file-ignores]\n"*.txt" = ["BK9"]\n',
            "requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    line = config_error(cli, root)

    assert "`BK9`" in line
    assert str(root / "pyproject.toml") in line
    assert "per-file-ignores" in line


def test_invalid_toml_in_pyproject_with_backlint_table_is_one_line_error(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nselect = ["BK1"\nignore = []\n',
            "requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    line = config_error(cli, root)

    assert line.startswith(f"backlint: error: {root / 'pyproject.toml'}: invalid TOML: ")
    assert "line 3" in line


def test_wrong_type_of_per_file_ignores_is_one_line_error(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nper-file-ignores = ["BK101"]\n',
            "requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    line = config_error(cli, root)

    assert str(root / "pyproject.toml") in line
    assert "`per-file-ignores`" in line
    assert "valid dictionary" in line


def test_per_file_ignores_value_must_be_a_list(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint.per-file-ignores]\n"tests/*" = "BK101"\n',
            "requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    line = config_error(cli, root)

    assert "`per-file-ignores.tests/*`" in line
    assert "valid list" in line


@pytest.mark.parametrize("value", ['"no"', "1"])
def test_respect_gitignore_must_be_a_boolean(cli: Cli, project: Project, value: str) -> None:
    root = project(
        {
            "pyproject.toml": f"[tool.backlint]\nrespect-gitignore = {value}\n",
            "requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    line = config_error(cli, root)

    assert str(root / "pyproject.toml") in line
    assert "`respect-gitignore`" in line


def test_backlint_entry_that_is_not_a_table_is_an_error(cli: Cli, project: Project) -> None:
    root = project(
        {"pyproject.toml": "[tool]\nbacklint = 3\n", "requirements.txt": TWO_FINDINGS}
    ).resolve()

    line = config_error(cli, root)

    assert line == f"backlint: error: {root / 'pyproject.toml'}: [tool.backlint] must be a table"


def test_load_config_raises_config_error_naming_file_and_key(project: Project) -> None:
    root = project({"backlint.toml": 'extend-exclude = "migrations"\n'}).resolve()

    with pytest.raises(ConfigError) as raised:
        load_config(str(root))

    assert str(raised.value) == (
        f"{root / 'backlint.toml'}: invalid value for `extend-exclude` in backlint.toml: "
        "Input should be a valid list"
    )


# target-version ----------------------------------------------------------------------------


def test_target_version_py311_is_accepted(project: Project) -> None:
    root = project({"pyproject.toml": '[tool.backlint]\ntarget-version = "py311"\n'})

    assert load_config(str(root)).target_version == (3, 11)


def test_target_version_py2_is_rejected(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\ntarget-version = "py2"\n',
            "requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    line = config_error(cli, root)

    assert str(root / "pyproject.toml") in line
    assert "`target-version`" in line
    assert "py311" in line


def test_target_version_wins_over_requires_python(project: Project) -> None:
    root = project(
        {
            "pyproject.toml": (
                '[project]\nname = "x"\nrequires-python = ">=3.9"\n\n'
                '[tool.backlint]\ntarget-version = "py312"\n'
            )
        }
    )

    assert load_config(str(root)).target_version == (3, 12)


def test_requires_python_is_used_when_target_version_is_missing(project: Project) -> None:
    root = project(
        {
            "pyproject.toml": (
                '[project]\nname = "x"\nrequires-python = ">=3.12"\n\n'
                '[tool.backlint]\nignore = ["BK108"]\n'
            )
        }
    )

    loaded = load_config(str(root))

    assert loaded.requires_python == ">=3.12"
    assert loaded.target_version == (3, 12)


def test_requires_python_is_read_next_to_a_backlint_toml(project: Project) -> None:
    root = project(
        {
            "backlint.toml": 'ignore = ["BK108"]\n',
            "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">= 3.11, <4"\n',
        }
    )

    assert load_config(str(root)).target_version == (3, 11)


def test_requires_python_is_used_without_any_backlint_configuration(project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.13"\n',
            "app/main.py": "x = 1\n",
        }
    )

    assert load_config(str(root / "app")).target_version == (3, 13)


def test_compatible_release_requires_python_gives_its_minor_version(project: Project) -> None:
    root = project({"pyproject.toml": '[project]\nname = "x"\nrequires-python = "~=3.12"\n'})

    assert load_config(str(root)).target_version == (3, 12)


def test_target_version_defaults_to_py310(project: Project) -> None:
    root = project({"pyproject.toml": '[project]\nname = "x"\n\n[tool.backlint]\n'})

    assert load_config(str(root)).target_version == (3, 10)


# Which files are checked -------------------------------------------------------------------


def test_extend_exclude_skips_matching_files_and_keeps_default_excludes(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "pyproject.toml": (
                '[tool.backlint]\nextend-exclude = ["migrations", "services/*/legacy"]\n'
            ),
            "requirements.txt": "python-mock>=5\n",
            "migrations/requirements.txt": TWO_FINDINGS,
            "services/api/legacy/requirements.txt": TWO_FINDINGS,
            "services/api/requirements.txt": "python-celery>=5\n",
            "build/requirements.txt": TWO_FINDINGS,
        }
    ).resolve()

    assert reported(cli, root) == [
        ("BK101", "requirements.txt", 1),
        ("BK101", "services/api/requirements.txt", 1),
    ]


def test_exclude_replaces_the_default_excludes(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nexclude = ["vendored"]\n',
            "requirements.txt": "fastapi>=0.110\n",
            "build/requirements.txt": "python-redis>=5\n",
            "vendored/requirements.txt": "python-mock\n",
        }
    ).resolve()

    assert reported(cli, root) == [("BK101", "build/requirements.txt", 1)]


def test_empty_exclude_checks_build_directory(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": "[tool.backlint]\nexclude = []\n",
            "requirements.txt": "fastapi>=0.110\n",
            "build/requirements.txt": "python-redis>=5\n",
        }
    ).resolve()

    assert reported(cli, root) == [("BK101", "build/requirements.txt", 1)]


def test_build_directory_is_skipped_without_exclude_setting(cli: Cli, project: Project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint]\nignore = ["BK108"]\n',
            "requirements.txt": "fastapi>=0.110\n",
            "build/requirements.txt": "python-redis>=5\n",
        }
    ).resolve()

    assert reported(cli, root) == []


def test_respect_gitignore_false_checks_gitignored_files(cli: Cli, project: Project) -> None:
    files: dict[str, str | bytes] = {
        ".gitignore": "local/\n",
        "requirements.txt": "fastapi>=0.110\n",
        "local/requirements.txt": "python-redis>=5\n",
    }
    honoured = project({**files, "pyproject.toml": "[tool.backlint]\n"}).resolve()

    assert reported(cli, honoured) == []

    project({"pyproject.toml": "[tool.backlint]\nrespect-gitignore = false\n"})

    assert reported(cli, honoured) == [("BK101", "local/requirements.txt", 1)]


def test_per_file_ignores_glob_with_slash_matches_relative_to_config_directory(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.backlint.per-file-ignores]\n"legacy/**" = ["BK1"]\n',
            "requirements.txt": "python-mock>=5\n",
            "legacy/deep/requirements.txt": TWO_FINDINGS,
            "other/legacy/requirements.txt": "python-celery>=5\n",
        }
    ).resolve()

    assert reported(cli, root) == [
        ("BK101", "other/legacy/requirements.txt", 1),
        ("BK101", "requirements.txt", 1),
    ]
