"""Fix safety across the whole catalogue, on the catalogue's cases and on generated input.

For every input: fixing (safe and unsafe) never crashes, always yields text that parses (or
reads back, for manifests), and fixing the result again changes nothing. The number of
generated examples is bounded for CI; set BACKLINT_HYPOTHESIS_PROFILE=long for a deeper run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backlint.discovery import FileKind, discover
from backlint.fixes import fix_files
from backlint.registry import RuleSet
from backlint.rule import RuleContext
from backlint.sources.manifest_files import parse_manifest
from backlint.sources.python import decode_python, parse_python

from .conftest import REPO

# hypothesmith compiles what it generates; its warnings are about that code, not ours.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

settings.register_profile(
    "ci", max_examples=25, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile(
    "long", max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("BACKLINT_HYPOTHESIS_PROFILE", "ci"))

ALL = RuleSet.select(["ALL"], [])


def fix_tree(root: Path) -> dict[str, bytes]:
    """Fix everything fixable under ``root`` in memory; assert the results read back."""
    files = discover([str(root)], root=str(root))
    outcome = fix_files(files, rules=ALL, context=RuleContext(), root=str(root), unsafe=True)
    assert outcome.result.errors == [], outcome.result.errors
    kinds = {f.path: f.kind for f in outcome.result.files.values()}
    for path, data in outcome.fixed.items():
        kind = kinds[path]
        if kind is FileKind.PYTHON:
            parse_python(decode_python(data)[0])
        else:
            text = data.decode("utf-8-sig")
            before = parse_manifest(kind, path, outcome.originals[path].decode("utf-8-sig"))
            assert len(parse_manifest(kind, path, text).problems) <= len(before.problems)
    return outcome.fixed


def assert_fix_is_stable(root: Path) -> None:
    fixed = fix_tree(root)
    for path, data in fixed.items():
        Path(path).write_bytes(data)
    assert fix_tree(root) == {}, "fixing twice changed something the second time"


def catalogue_inputs() -> list[Path]:
    return sorted(p for p in (REPO / "rules").glob("*/flagged/*/input") if p.is_dir())


@pytest.mark.parametrize("case", catalogue_inputs(), ids=lambda p: f"{p.parts[-4]}-{p.parts[-2]}")
def test_catalogue_case_fixes_parse_and_are_stable(case: Path, tmp_path: Path) -> None:
    work = tmp_path / "case"
    shutil.copytree(case, work)
    assert_fix_is_stable(work)


NAMES = st.sampled_from(
    [
        "fastapi",
        "python-redis",
        "Python_Celery",
        "redis",
        "dotenv",
        "jose",
        "reqeusts",
        "passlib",
        "httpx",
        "fastapi-helperz",
        "python-dateutil",
        "sqlalchemy",
        "mock",
    ]
)
SPECS = st.sampled_from(["", ">=1.0", "==2.0.1", "<3,>=1", "~=1.4", "=>0.1", "[extra]>=1"])
TAILS = st.sampled_from(
    ["", "  # comment", '; python_version >= "3.10"', "  # noqa: BK101", "  # noqa: BK999", " \\"]
)
LINES = st.one_of(
    st.tuples(NAMES, SPECS, TAILS).map("".join),
    st.sampled_from(["-r other.txt", "--frobnicate", "", "# just a comment", "-e .", "-c c.txt"]),
)


@given(
    lines=st.lists(LINES, max_size=12),
    newline=st.sampled_from(["\n", "\r\n"]),
    imports=st.lists(st.sampled_from(["redis", "yaml", "dotenv", "jose", "os"]), max_size=4),
)
def test_generated_manifests_fix_safely(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], newline: str, imports: list[str]
) -> None:
    root = tmp_path_factory.mktemp("generated")
    (root / "requirements.txt").write_bytes(newline.join(lines).encode())
    (root / "other.txt").write_text("python-mock>=5\nhttpx\n")
    (root / "c.txt").write_text("fastapi<1\n")
    (root / "app.py").write_text("".join(f"import {name}  # noqa: BK104\n" for name in imports))
    assert_fix_is_stable(root)


@given(
    source=st.text(
        alphabet=st.sampled_from(list("ab =()[]{}:#\n\t\r'\"\\.,0123456789")), max_size=80
    )
)
def test_arbitrary_text_as_python_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, source: str
) -> None:
    root = tmp_path_factory.mktemp("text")
    (root / "requirements.txt").write_text("fastapi>=0.110\n")
    (root / "mod.py").write_bytes(source.encode())
    assert_fix_is_stable(root)


def test_random_valid_python_fixes_parse_and_are_stable(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    hypothesmith = pytest.importorskip("hypothesmith", reason="hypothesmith is not installed")

    @given(source=hypothesmith.from_node())
    def check(source: str) -> None:
        root = tmp_path_factory.mktemp("python")
        (root / "requirements.txt").write_text("fastapi>=0.110\n")
        (root / "mod.py").write_text(source + "\nimport yaml  # noqa: BK101\n")
        assert_fix_is_stable(root)

    check()
