"""Hostile input end to end: every kind of bad file gets a clear diagnostic, never a crash."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import libcst as cst
import pytest

from backlint import engine
from backlint.discovery import FileKind, SourceFile
from backlint.engine import run
from backlint.registry import RuleSet
from backlint.rule import PythonRule, RuleContext

from .conftest import CliResult

Cli = Callable[..., CliResult]


def hostile_tree(root: Path) -> None:
    files: dict[str, bytes] = {
        "requirements.txt": b"fastapi>=0.110\n-r cycle.txt\nhttpx=>0.27\n--frobnicate\n",
        "cycle.txt": b"-r requirements.txt\nuvicorn>=0.29\n",
        "pyproject.toml": b'[project]\nname = "x"\ndependencies = ["a",\n',
        "setup.cfg": b"[options\ninstall_requires = x\n",
        "broken.py": b"def broken(:\n    pass\n",
        "latin1.py": b"name = 'caf\xe9'\n",
        "cookie.py": b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n",
        "bom.py": b"\xef\xbb\xbfx = 1\r\n",
        "mixed_newlines.py": b"a = 1\r\nb = 2\nc = 3\rd = 4\n",
        "nul.py": b"x = 1\x00\n",
        "empty.py": b"",
        "deep.py": b"x = " + b"[" * 3000 + b"]" * 3000 + b"\n",
        "long_chain.py": b"x = " + b" + ".join([b"1"] * 30000) + b"\n",
        "codec.py": b"# coding: rot13\nx = 1\n",
        "huge.py": b"".join(b"value_%d = %d\n" % (i, i) for i in range(1_100_000)),
        "weird.py/inside.py": b"x = 1\n",
    }
    for relative, data in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (root / "loop").mkdir()
    os.symlink(root, root / "loop" / "back")


def test_every_hostile_file_gets_a_diagnostic_and_the_run_goes_on(
    tmp_path: Path, cli: Cli
) -> None:
    hostile_tree(tmp_path)
    assert (tmp_path / "huge.py").stat().st_size > 19_000_000
    result = cli("check", "--no-cache", "--output-format", "json", ".", cwd=tmp_path)
    assert result.code == 1
    assert "Traceback" not in result.err
    unreadable = {
        os.path.relpath(item["filename"], tmp_path)
        for item in result.json()
        if item["code"] == "BK002"
    }
    assert unreadable == {
        "broken.py",
        "latin1.py",
        "nul.py",
        "huge.py",
        "deep.py",
        "long_chain.py",
        "codec.py",
        "pyproject.toml",
        "setup.cfg",
    }
    invalid = [
        (os.path.relpath(i["filename"], tmp_path), i["location"]["row"])
        for i in result.json()
        if i["code"] == "BK108"
    ]
    assert ("requirements.txt", 3) in invalid and ("requirements.txt", 4) in invalid
    assert any("cycle" in i["message"].lower() for i in result.json() if i["code"] == "BK108")


def test_fixing_a_hostile_tree_changes_no_unreadable_file(tmp_path: Path, cli: Cli) -> None:
    hostile_tree(tmp_path)
    (tmp_path / "huge.py").unlink()  # the first test covers it; it only costs time here
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.py") if p.is_file()}
    result = cli("check", "--no-cache", "--fix", "--unsafe-fixes", ".", cwd=tmp_path)
    assert "Traceback" not in result.err
    after = {p: p.read_bytes() for p in before}
    assert after == before


class Slow(PythonRule):
    """A rule that takes far too long (a test rule)."""

    code = "BK995"
    name = "slow"
    family = "test"
    summary = "slow"

    def visit_Module(self, node: cst.Module) -> None:
        time.sleep(5)


def test_a_file_over_its_time_budget_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "FILE_TIME_BUDGET", 0.2)
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.py").write_text("y = 2\n")
    files = [SourceFile(str(tmp_path / n), FileKind.PYTHON, True) for n in ("a.py", "b.py")]
    rules = RuleSet(frozenset({"BK995", "BK002"}), (Slow,), (), ())
    started = time.monotonic()
    result = run(files, rules=rules, context=RuleContext(), root=str(tmp_path))
    assert time.monotonic() - started < 3
    assert [(os.path.basename(d.path), d.code) for d in result.diagnostics] == [
        ("a.py", "BK002"),
        ("b.py", "BK002"),
    ]
    assert "took longer than 0.2 seconds" in result.diagnostics[0].message


def test_a_file_too_large_to_check_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "MAX_CHECKED_CHARACTERS", 100)
    (tmp_path / "big.py").write_text("import httpx\n" + "x = 1\n" * 50)
    (tmp_path / "small.py").write_text("import httpx\n")
    files = [SourceFile(str(tmp_path / n), FileKind.PYTHON, True) for n in ("big.py", "small.py")]
    rules = RuleSet(frozenset({"BK995", "BK002"}), (), (), ())
    result = run(files, rules=rules, context=RuleContext(), root=str(tmp_path))
    [diagnostic] = result.diagnostics
    assert diagnostic.code == "BK002" and "not checked: 0.0 million characters" in (
        diagnostic.message
    )
    assert [f.module for f in result.files[str(tmp_path / "small.py")].imports] == ["httpx"]


# The security promises ------------------------------------------------------------------


def test_checked_code_is_never_imported_or_executed(tmp_path: Path, cli: Cli) -> None:
    marker = tmp_path / "executed"
    payload = f"open({str(marker)!r}, 'w').write('ran')\n"
    (tmp_path / "requirements.txt").write_text("fastapi>=0.110\n")
    for name in ("app.py", "conftest.py", "setup.py", "__main__.py", "pkg/__init__.py"):
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("import os\n" + payload)
    cli("check", "--no-cache", ".", cwd=tmp_path)
    cli("check", "--no-cache", "--fix", "--unsafe-fixes", ".", cwd=tmp_path)
    assert not marker.exists()


def test_no_network_request_is_made(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network use is not allowed")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    (tmp_path / "requirements.txt").write_text(
        "--index-url https://example.invalid/simple\n"
        "-r https://example.invalid/more.txt\n"
        "lib @ https://example.invalid/lib-1.0.tar.gz\n"
        "git+https://example.invalid/org/tool.git#egg=tool\n"
        "reqeusts>=2\nfastapi-helperz>=1\n"
    )
    (tmp_path / "app.py").write_text("import tool\n")
    result = cli("check", "--no-cache", "--jobs", "1", ".", cwd=tmp_path)
    assert result.code == 1
    assert attempts == []


def test_a_run_writes_only_the_fixed_files_and_its_cache(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "requirements.txt").write_text("python-redis>=5\nfastapi>=0.110\n")
    (tmp_path / "dev.txt").write_text("pytest>=8\n")
    (tmp_path / "app.py").write_text("import redis\nimport fastapi\n")

    def state() -> dict[str, tuple[bytes, int]]:
        return {
            str(p.relative_to(tmp_path)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in tmp_path.rglob("*")
            if p.is_file()
        }

    before = state()
    cli("check", ".", cwd=tmp_path)
    after_check = state()
    assert {k: v for k, v in after_check.items() if not k.startswith(".backlint_cache")} == before
    cli("check", "--fix", ".", cwd=tmp_path)
    after_fix = state()
    changed = {
        k
        for k in set(after_fix) | set(before)
        if not k.startswith(".backlint_cache") and after_fix.get(k) != before.get(k)
    }
    assert changed == {"requirements.txt"}
