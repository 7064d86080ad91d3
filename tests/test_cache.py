"""The result cache and the parallel per-file pass."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import ClassVar

import libcst as cst
import pytest

from backlint import __version__, engine
from backlint.cache import CACHE_DIR, ResultCache, code_fingerprint
from backlint.discovery import SourceFile, discover
from backlint.engine import RunResult, run
from backlint.registry import RuleSet
from backlint.rule import PythonRule, RuleContext
from backlint.rules.dependencies.options import RequirementsOptions

from .conftest import CliResult

Cli = Callable[..., CliResult]


class FlagPrint(PythonRule):
    """Flags calls to print (a test rule gated on the text `print`)."""

    code = "BK993"
    name = "flag-print"
    family = "test"
    summary = "print call"
    required_text: ClassVar = ("print",)

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value == "print":
            self.report(node)


def entries_dir(root: Path) -> Path:
    return root / CACHE_DIR / f"{__version__}-{code_fingerprint()}"


def every_rule(*extra: type[PythonRule]) -> RuleSet:
    base = RuleSet.select(["ALL"], [])
    return RuleSet(
        base.codes | {r.code for r in extra}, (*base.python, *extra), base.manifest, base.project
    )


def tree(root: Path, count: int = 3) -> list[SourceFile]:
    (root / "requirements.txt").write_text("fastapi\nhttpx>=0.27\n")
    for index in range(count):
        (root / f"mod{index}.py").write_text(f"import httpx\n\nVALUE = {index}\n")
    (root / "tool.py").write_text("print('hello')\n")
    return discover([str(root)], root=str(root))


def check(
    root: Path,
    files: list[SourceFile],
    cache: ResultCache | None,
    rules: RuleSet | None = None,
    options: RequirementsOptions | None = None,
    jobs: int = 1,
) -> RunResult:
    context = RuleContext(options={"requirements": options or RequirementsOptions()})
    return run(
        files,
        rules=rules or every_rule(FlagPrint),
        context=context,
        root=str(root),
        cache=cache,
        jobs=jobs,
    )


def summary(result: RunResult) -> list[tuple[str, str, int]]:
    return [(d.code, os.path.basename(d.path), d.start.row) for d in result.diagnostics]


def test_unchanged_tree_is_served_from_the_cache(tmp_path: Path) -> None:
    files = tree(tmp_path)
    first_cache = ResultCache(str(tmp_path))
    first = check(tmp_path, files, first_cache)
    assert first_cache.writes == len(files) and first_cache.hits == 0
    second_cache = ResultCache(str(tmp_path))
    second = check(tmp_path, files, second_cache)
    assert second_cache.hits == len(files) and second_cache.writes == 0
    assert summary(second) == summary(first)
    assert ("BK993", "tool.py", 1) in summary(second)


def test_one_changed_file_is_the_only_one_checked_again(tmp_path: Path) -> None:
    files = tree(tmp_path)
    check(tmp_path, files, ResultCache(str(tmp_path)))
    (tmp_path / "mod1.py").write_text("import yaml\n")
    cache = ResultCache(str(tmp_path))
    result = check(tmp_path, files, cache)
    assert cache.writes == 1 and cache.hits == len(files) - 1
    assert ("BK104", "mod1.py", 1) in summary(result)


def test_an_option_of_a_family_that_does_not_run_on_a_file_keeps_its_entry(
    tmp_path: Path,
) -> None:
    files = tree(tmp_path)
    check(tmp_path, files, ResultCache(str(tmp_path)))
    cache = ResultCache(str(tmp_path))
    result = check(
        tmp_path, files, cache, options=RequirementsOptions.model_validate({"pin-policy": "exact"})
    )
    # The dependency rules run after the per-file pass: nothing had to be parsed again, yet
    # the new policy applies (httpx>=0.27 is no exact pin).
    assert cache.writes == 0
    assert ("BK105", "requirements.txt", 2) in summary(result)


def test_adding_a_python_rule_invalidates_only_the_files_it_can_concern(tmp_path: Path) -> None:
    files = tree(tmp_path)
    check(tmp_path, files, ResultCache(str(tmp_path)), rules=every_rule())
    cache = ResultCache(str(tmp_path))
    check(tmp_path, files, cache, rules=every_rule(FlagPrint))
    assert cache.writes == 1  # tool.py, the only file mentioning `print`


def test_corrupt_entry_is_a_miss_not_a_crash(tmp_path: Path) -> None:
    files = tree(tmp_path)
    check(tmp_path, files, ResultCache(str(tmp_path)))
    for entry in entries_dir(tmp_path).rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"not a pickle")
    cache = ResultCache(str(tmp_path))
    result = check(tmp_path, files, cache)
    assert cache.hits == 0 and cache.writes == len(files)
    assert ("BK993", "tool.py", 1) in summary(result)


def test_cache_directory_ignores_itself_for_git(tmp_path: Path) -> None:
    check(tmp_path, tree(tmp_path), ResultCache(str(tmp_path)))
    assert (tmp_path / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"


def test_prune_keeps_the_most_recent_entries_and_drops_other_versions(tmp_path: Path) -> None:
    cache = ResultCache(str(tmp_path))
    stale = tmp_path / CACHE_DIR / "0.0.0-old" / "ab"
    stale.mkdir(parents=True)
    (stale / "abcdef").write_bytes(b"x")
    check(tmp_path, tree(tmp_path, count=10), cache)
    before = [p for p in entries_dir(tmp_path).rglob("*") if p.is_file()]
    # Twelve results, the run's stamp file and the file of its project tokens.
    assert len(before) == 14
    assert len([p for p in before if p.name.startswith(("stamps-", "mentions-"))]) == 2
    cache.prune(max_entries=5)
    after = [p for p in entries_dir(tmp_path).rglob("*/*") if p.is_file()]
    assert len(after) == 4
    assert not (tmp_path / CACHE_DIR / "0.0.0-old").exists()


def _keyed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths whose bytes the engine reads and keys, recorded."""
    paths: list[str] = []
    original = engine._memoised_key

    def recording(source: SourceFile, *args: object) -> object:
        paths.append(os.path.basename(source.path))
        return original(source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_memoised_key", recording)
    # The check of left-out rules runs everything again, uncached: not what is counted here.
    monkeypatch.setattr(engine, "VERIFY_GATES", False)
    return paths


def test_a_warm_run_reads_only_the_files_whose_stamp_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = tree(tmp_path, count=3)
    cold = check(tmp_path, files, ResultCache(str(tmp_path)))
    keyed = _keyed(monkeypatch)
    warm = check(tmp_path, files, ResultCache(str(tmp_path)))
    assert keyed == []
    assert summary(warm) == summary(cold)
    # Same size and modification time, other bytes: the change time still tells.
    target = tmp_path / "tool.py"
    before = target.stat()
    target.write_text("print('world')\n")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size
    changed = check(tmp_path, files, ResultCache(str(tmp_path)))
    assert keyed == ["tool.py"]
    assert summary(changed) == summary(cold)
    target.write_text("x = 1\n")
    keyed.clear()
    fixed = check(tmp_path, files, ResultCache(str(tmp_path)))
    assert keyed == ["tool.py"]
    assert ("BK993", "tool.py", 1) in summary(cold)
    assert ("BK993", "tool.py", 1) not in summary(fixed)


def test_stamps_are_kept_per_run_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = tree(tmp_path, count=2)
    check(tmp_path, files, ResultCache(str(tmp_path)))
    keyed = _keyed(monkeypatch)
    narrow = check(tmp_path, files, ResultCache(str(tmp_path)), rules=RuleSet.select(["BK1"], []))
    # Other settings: every file is read and keyed again, and nothing of BK993 leaks in.
    assert sorted(keyed) == sorted(os.path.basename(f.path) for f in files)
    assert all(code.startswith("BK1") for code, _, _ in summary(narrow))


def test_stamps_are_not_used_for_files_read_from_elsewhere(tmp_path: Path) -> None:
    files = tree(tmp_path, count=1)
    cache = ResultCache(str(tmp_path))
    check(tmp_path, files, cache)
    # An editor's unsaved buffer: the file on disk is unchanged, its text is not.
    buffers = {str(tmp_path / "tool.py"): b"x = 1\n"}

    def read(path: str) -> bytes:
        return buffers.get(path) or Path(path).read_bytes()

    result = run(
        files,
        rules=every_rule(FlagPrint),
        context=RuleContext(options={"requirements": RequirementsOptions()}),
        root=str(tmp_path),
        cache=cache,
        read=read,
    )
    assert "tool.py" not in {os.path.basename(d.path) for d in result.diagnostics}


def _run_in_process(root: str) -> list[tuple[str, str, int]]:
    files = discover([root], root=root)
    return summary(check(Path(root), files, ResultCache(root)))


def test_concurrent_runs_share_the_cache_safely(tmp_path: Path) -> None:
    tree(tmp_path, count=30)
    with ProcessPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(_run_in_process, [str(tmp_path)] * 4))
    assert all(outcome == outcomes[0] for outcome in outcomes)
    for entry in entries_dir(tmp_path).rglob("*"):
        if entry.is_file():
            assert not entry.name.startswith(".tmp-")
            pickle.loads(entry.read_bytes())


def test_parallel_pass_gives_the_serial_result(tmp_path: Path) -> None:
    files = tree(tmp_path, count=120)
    serial = check(tmp_path, files, None, jobs=1)
    parallel = check(tmp_path, files, None, jobs=2)
    assert summary(parallel) == summary(serial)
    assert len([d for d in serial.diagnostics if d.code == "BK104"]) == 0
    assert parallel.files.keys() == serial.files.keys()
    assert all(parallel.files[p].imports == serial.files[p].imports for p in serial.files)


def test_without_processes_the_pass_goes_on_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = tree(tmp_path, count=120)
    serial = check(tmp_path, files, None, jobs=1)

    def no_processes(*args: object, **kwargs: object) -> None:
        raise OSError("no processes in this sandbox")

    monkeypatch.setattr(engine, "ProcessPoolExecutor", no_processes)
    fallback = check(tmp_path, files, None, jobs=2)
    assert summary(fallback) == summary(serial)
    assert fallback.files.keys() == serial.files.keys()


def test_a_broken_worker_leaves_its_files_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    files = tree(tmp_path, count=120)
    serial = check(tmp_path, files, None, jobs=1)
    real = engine.ProcessPoolExecutor
    submitted: list[int] = []

    class Breaking(real):  # type: ignore[misc, valid-type]
        """Every other chunk's worker dies."""

        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            submitted.append(len(args[0]))
            future = super().submit(fn, *args, **kwargs)
            if len(submitted) % 2 == 0:
                broken = type(future)()
                broken.set_exception(BrokenProcessPool("a worker died"))
                return broken
            return future

    monkeypatch.setattr(engine, "ProcessPoolExecutor", Breaking)
    mixed = check(tmp_path, files, None, jobs=2)
    assert len(submitted) >= 2
    assert summary(mixed) == summary(serial)
    assert list(mixed.files) == list(serial.files)


def test_no_cache_option_writes_nothing(tmp_path: Path, cli: Cli) -> None:
    tree(tmp_path)
    cli("check", "--no-cache", ".", cwd=tmp_path)
    assert not (tmp_path / CACHE_DIR).exists()
    cli("check", ".", cwd=tmp_path)
    assert (tmp_path / CACHE_DIR).is_dir()
