"""Dependency rules end to end: every construct pip accepts, fixed byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import CliResult

Cli = Callable[..., CliResult]
Project = Callable[[dict[str, str | bytes]], Path]

EVERY_CONSTRUCT = """\
# Every construct pip accepts, plus two mistakes.
--index-url https://pypi.org/simple
--extra-index-url https://example.invalid/simple
-c constraints.txt
-r base.txt
fastapi[all]>=0.110,<1.0 ; python_version >= "3.10"  # web framework
python-redis[hiredis]>=5.0 ; python_version >= "3.10"  # cache
Django==4.2.11 \\
    --hash=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef \\
    --hash=sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210
mypkg @ https://example.invalid/mypkg-1.0.tar.gz
-e git+https://example.invalid/org/repo.git@v1.0#egg=otherpkg
-e .
./wheels/numpy-1.26.4-cp311-cp311-linux_x86_64.whl
git+https://example.invalid/org/tool.git#egg=tool
private-lib @ https://${API_TOKEN}@example.invalid/private-lib.zip
httpx>=0.27  # client
httpx>=0.27
"""


def _project(project: Project, newline: str = "\n") -> Path:
    return project(
        {
            "requirements.txt": EVERY_CONSTRUCT.replace("\n", newline),
            "constraints.txt": "fastapi<1\n",
            "base.txt": "uvicorn>=0.29\n",
        }
    )


def test_every_construct_is_read_and_only_the_mistakes_are_reported(
    cli: Cli, project: Project
) -> None:
    root = _project(project)
    result = cli("check", "--no-cache", "--output-format", "json", ".", cwd=root)
    found = [(i["code"], Path(i["filename"]).name, i["location"]["row"]) for i in result.json()]
    assert found == [
        ("BK101", "requirements.txt", 7),
        ("BK106", "requirements.txt", 18),
    ]


def test_fix_changes_only_the_spans_of_the_fixes(cli: Cli, project: Project) -> None:
    for newline in ("\n", "\r\n"):
        root = _project(project, newline)
        cli("check", "--no-cache", "--fix", ".", cwd=root)
        expected = (
            EVERY_CONSTRUCT.replace("python-redis[hiredis]", "redis[hiredis]")
            .replace("httpx>=0.27  # client\nhttpx>=0.27\n", "httpx>=0.27  # client\n")
            .replace("\n", newline)
        )
        assert (root / "requirements.txt").read_bytes() == expected.encode()
        assert (root / "constraints.txt").read_bytes() == b"fastapi<1\n"
        second = cli("check", "--no-cache", "--fix", ".", cwd=root)
        assert second.code == 0
        assert (root / "requirements.txt").read_bytes() == expected.encode()


def test_lines_of_a_constraints_file_are_not_checked_as_requirements(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "requirements.txt": "-c pins.txt\nfastapi>=0.110\n",
            "pins.txt": "starlette\nreqeusts==2.0\n",
            "app.py": "import starlette\n",
        }
    )
    result = cli("check", "--no-cache", "--output-format", "json", ".", cwd=root)
    found = [(i["code"], Path(i["filename"]).name, i["location"]["row"]) for i in result.json()]
    # The constraints file's lines (an unpinned name, a typo) are not requirements; the
    # import of starlette is declared through fastapi, whose interface it is.
    assert found == []


def test_setup_cfg_requirements_are_checked_and_fixed(cli: Cli, project: Project) -> None:
    cfg = (
        "[metadata]\nname = svc\n\n[options]\ninstall_requires =\n"
        "    fastapi>=0.110\n    python-redis>=5  # cache\n"
        "\n[options.extras_require]\ntest =\n    pytest>=8\n"
    )
    root = project({"setup.cfg": cfg})
    result = cli("check", "--no-cache", "--output-format", "json", ".", cwd=root)
    assert [(i["code"], i["location"]["row"], i["location"]["column"]) for i in result.json()] == [
        ("BK101", 7, 5)
    ]
    cli("check", "--no-cache", "--fix", ".", cwd=root)
    assert (root / "setup.cfg").read_text() == cfg.replace("python-redis", "redis")
