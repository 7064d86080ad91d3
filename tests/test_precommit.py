"""pre-commit: the hooks manifest, checking only the files passed, and the hooks run for real."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from backlint import engine
from backlint.discovery import classify
from backlint.workspace import Selection, plan_projects

from .conftest import REPO, CliResult

Cli = Callable[..., CliResult]
Project = Callable[[dict[str, str | bytes]], Path]

PYPROJECT = '[project]\nname = "shop"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
MAIN = '"""The app."""\n\nimport fastapi\nimport httpx\n\napp = fastapi.FastAPI()\n'
HTTPX = (
    "`httpx` is imported but `httpx` is not declared in any manifest (checked `requirements.txt`)"
)


def shop(project: Project, **extra: str) -> Path:
    """app/main.py imports httpx, undeclared; requirements.txt names python-redis (BK101)."""
    return project(
        {
            "pyproject.toml": PYPROJECT,
            "requirements.txt": "fastapi>=0.110\npython-redis>=5\n",
            "app/__init__.py": "",
            "app/main.py": MAIN,
            **extra,
        }
    ).resolve()


def reported(cli: Cli, root: Path, *args: str) -> list[tuple[str, str, int]]:
    result = cli("check", "--output-format", "json", *args, cwd=root)
    assert result.err == ""
    return [
        (
            item["code"],
            Path(item["filename"]).relative_to(root).as_posix(),
            item["location"]["row"],
        )
        for item in result.json()
    ]


def load_hooks() -> list[dict[str, object]]:
    yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit (test extra)")
    with open(REPO / ".pre-commit-hooks.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


# The hooks manifest --------------------------------------------------------------------------


def test_hooks_manifest_is_valid_for_pre_commit() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit is in test extra")

    hooks = clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))

    assert [hook["id"] for hook in hooks] == ["backlint", "backlint-fix"]


def test_hooks_check_and_fix_every_kind_of_file_backlint_reads() -> None:
    check, fix = load_hooks()

    assert check["entry"] == "backlint check --force-exclude"
    assert fix["entry"] == "backlint check --fix --force-exclude"
    for hook in (check, fix):
        assert hook["language"] == "python"
        assert hook["types_or"] == ["python", "pyi", "toml", "text"]
        assert hook["require_serial"] is True
        assert hook["args"] == []
        assert hook["files"] == check["files"]


@pytest.mark.parametrize(
    "path",
    [
        "app/main.py",
        "stubs/api.pyi",
        "setup.py",
        "requirements.txt",
        "requirements-dev.txt",
        "svc/requirements.in",
        "requirements/base.txt",
        "svc/requirements/test.in",
        "pyproject.toml",
        "svc/pyproject.toml",
        "setup.cfg",
        "README.md",
        "notes/todo.txt",
        "myrequirements.txt",
        "requirements/old/base.txt",
        "requirements-old/base.txt",
        "tool.toml",
        "setup.cfg.bak",
        "app/main.pyc",
    ],
)
def test_hook_file_pattern_passes_exactly_the_files_discovery_finds(path: str) -> None:
    pattern = re.compile(str(load_hooks()[0]["files"]))

    assert bool(pattern.search(path)) == (classify(path) is not None)


# Only some files passed: the project is read whole, the files passed are reported -----------


def test_project_of_the_files_passed_is_read_whole_and_reported_on_them_only(
    project: Project,
) -> None:
    root = shop(project)
    previous = os.getcwd()
    os.chdir(root)
    try:
        [planned] = plan_projects(["app/main.py"], Selection())
    finally:
        os.chdir(previous)

    assert [Path(f.path).relative_to(root).as_posix() for f in planned.files] == [
        "app/__init__.py",
        "app/main.py",
        "pyproject.toml",
        "requirements.txt",
    ]
    assert planned.report == frozenset({str(root / "app/main.py")})
    assert [f.explicit for f in planned.files] == [False, True, False, False]


def test_directory_given_reports_on_everything(project: Project) -> None:
    root = shop(project)

    [planned] = plan_projects([str(root)], Selection())

    assert planned.report is None


def test_python_file_alone_still_sees_the_manifests(cli: Cli, project: Project) -> None:
    root = shop(project)

    result = cli("check", "--output-format", "json", "app/main.py", cwd=root)

    [item] = result.json()
    assert (item["code"], item["message"]) == ("BK104", HTTPX)
    assert Path(item["filename"]) == root / "app/main.py"


def test_manifest_alone_is_reported_without_the_other_files(cli: Cli, project: Project) -> None:
    root = shop(project)

    assert reported(cli, root, "requirements.txt") == [("BK101", "requirements.txt", 2)]
    assert reported(cli, root) == [
        ("BK104", "app/main.py", 4),
        ("BK101", "requirements.txt", 2),
    ]


def test_several_files_passed_are_all_reported(cli: Cli, project: Project) -> None:
    root = shop(project)

    assert reported(cli, root, "requirements.txt", "app/main.py") == [
        ("BK104", "app/main.py", 4),
        ("BK101", "requirements.txt", 2),
    ]


def test_file_included_by_a_passed_manifest_is_read_not_reported(
    cli: Cli, project: Project
) -> None:
    root = project(
        {"requirements.txt": "-r base.txt\nfastapi>=0.110\n", "base.txt": "python-redis>=5\n"}
    ).resolve()

    assert reported(cli, root, "requirements.txt") == []
    assert reported(cli, root, "requirements.txt", "base.txt") == [("BK101", "base.txt", 1)]


def test_fix_in_another_file_is_neither_offered_nor_applied(cli: Cli, project: Project) -> None:
    root = shop(project)
    before = (root / "requirements.txt").read_bytes()

    result = cli("check", "--output-format", "json", "--unsafe-fixes", "app/main.py", cwd=root)
    fixed = cli("check", "--fix", "--unsafe-fixes", "app/main.py", cwd=root)

    [item] = result.json()
    assert item["fix"] is None
    assert fixed.code == 1
    assert "help: Add `httpx` to `requirements.txt`" in fixed.out
    assert (root / "requirements.txt").read_bytes() == before


def test_fix_in_another_file_is_applied_when_that_file_is_passed_too(
    cli: Cli, project: Project
) -> None:
    root = shop(project)

    cli("check", "--fix", "--unsafe-fixes", "app/main.py", "requirements.txt", cwd=root)

    assert (root / "requirements.txt").read_text() == "fastapi>=0.110\nredis>=5\nhttpx\n"


def test_fix_changes_only_the_files_passed(cli: Cli, project: Project) -> None:
    root = shop(project, **{"requirements-dev.txt": "pytest>=8\npython-mock>=5\n"})

    result = cli("check", "--fix", "requirements.txt", cwd=root)
    diff = cli("check", "--diff", "requirements.txt", cwd=root)

    assert result.code == 0
    assert (root / "requirements.txt").read_text() == "fastapi>=0.110\nredis>=5\n"
    assert (root / "requirements-dev.txt").read_text() == "pytest>=8\npython-mock>=5\n"
    assert (diff.code, diff.out) == (0, "")


NESTED = {
    "svc/pyproject.toml": PYPROJECT + "\n[tool.backlint]\n",
    "svc/requirements.txt": "httpx>=0.27\n",
    "svc/worker.py": "import httpx\nimport celery\n",
}


@pytest.mark.parametrize("order", [1, -1])
def test_each_file_is_checked_with_its_own_project_whatever_the_order(
    cli: Cli, project: Project, order: int
) -> None:
    # svc (configured) declares httpx, not celery; the top project (not configured) declares
    # fastapi, not httpx.
    root = shop(project, **NESTED)
    paths = ["app/main.py", "svc/worker.py"][::order]

    result = cli("check", "--output-format", "json", *paths, cwd=root)

    assert [
        (i["code"], Path(i["filename"]).relative_to(root).as_posix(), i["message"])
        for i in result.json()
    ] == [
        ("BK104", "app/main.py", HTTPX),
        (
            "BK104",
            "svc/worker.py",
            "`celery` is imported but `celery` is not declared in any manifest "
            "(checked `requirements.txt`)",
        ),
    ]


def test_directory_without_configuration_is_not_checked_with_the_first_paths_one(
    cli: Cli, project: Project
) -> None:
    root = shop(project, **NESTED)

    # The configured svc comes first; app is governed by no configuration and keeps the
    # defaults instead of svc's settings and manifests.
    result = cli("check", "--output-format", "json", "--select", "BK104", "svc", "app", cwd=root)

    assert [Path(i["filename"]).relative_to(root).as_posix() for i in result.json()] == [
        "svc/worker.py"
    ]


def test_force_exclude_drops_an_excluded_file_passed(cli: Cli, project: Project) -> None:
    root = shop(
        project,
        **{
            "pyproject.toml": PYPROJECT + '\n[tool.backlint]\nextend-exclude = ["legacy"]\n',
            "legacy/requirements.txt": "python-mock>=5\n",
        },
    )

    assert reported(cli, root, "--force-exclude", "legacy/requirements.txt") == []
    assert reported(cli, root, "legacy/requirements.txt") == [
        ("BK101", "legacy/requirements.txt", 1)
    ]


def test_second_run_on_a_file_reads_the_rest_of_the_project_from_the_cache(
    cli: Cli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = shop(project)
    cli("check", "app/main.py", cwd=root)
    checked: list[str] = []
    original = engine.check_file

    def spy(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        checked.append(Path(source.path).relative_to(root).as_posix())
        return original(source, *args, **kwargs)

    monkeypatch.setattr(engine, "check_file", spy)
    # The check of rules left out runs everything again: not what is counted here.
    monkeypatch.setattr(engine, "VERIFY_GATES", False)
    (root / "app/main.py").write_text(MAIN + "\nimport yaml\n")

    result = cli("check", "--output-format", "json", "app/main.py", cwd=root)

    assert checked == ["app/main.py"]
    assert [item["code"] for item in result.json()] == ["BK104", "BK104"]


# The hooks, run by pre-commit ----------------------------------------------------------------


def _git(cwd: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _working_copy(target: Path, env: dict[str, str]) -> Path:
    """This working copy (committed or not) as a repository of its own, committed."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".backlint_cache")
    target.mkdir()
    shutil.copytree(REPO / "src", target / "src", ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, target / name)
    _git(target, "init", "-q", env=env)
    _git(target, "add", "-A", env=env)
    _git(target, "commit", "-q", "-m", "hooks", env=env)
    return target


@pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None or shutil.which("git") is None,
    reason="needs pre-commit (test extra) and git",
)
def test_pre_commit_hook_fails_on_a_staged_bad_file_and_passes_after_backlint_fix(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GIT_", "PRE_"))}
    empty = tmp_path / "gitconfig"
    empty.write_text("")
    env.update(
        GIT_CONFIG_GLOBAL=str(empty),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    hooks = _working_copy(tmp_path / "hooks", env)
    repo = tmp_path / "repo"
    (repo / "app").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(PYPROJECT)
    (repo / "app/main.py").write_text(MAIN)
    _git(repo, "init", "-q", env=env)
    _git(repo, "add", "-A", env=env)
    _git(repo, "commit", "-q", "-m", "app", env=env)
    (repo / "requirements.txt").write_text("fastapi>=0.110\npython-redis>=5  # cache\n")
    _git(repo, "add", "requirements.txt", env=env)

    def try_repo(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), *args],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    # The staged requirements file fails; app/main.py, not staged, is not reported even though
    # its undeclared import is a finding of the project.
    failed = try_repo("backlint", "--files", "requirements.txt")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"backlint\.+Failed", failed.stdout)
    assert "BK101" in failed.stdout
    assert "requirements.txt:2:1" in failed.stdout
    assert "app/main.py" not in failed.stdout

    fixed = try_repo("backlint-fix", "--files", "requirements.txt")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "files were modified by this hook" in fixed.stdout
    assert (repo / "requirements.txt").read_text() == "fastapi>=0.110\nredis>=5  # cache\n"

    _git(repo, "add", "requirements.txt", env=env)
    passed = try_repo("backlint", "--files", "requirements.txt")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"backlint\.+Passed", passed.stdout)
