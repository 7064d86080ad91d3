"""Benchmark backlint against ruff and Fixit on real source distributions from PyPI.

Usage (from the repository root, with backlint and ruff installed in the running Python):

    python bench/run.py                    # every tree, 3 interleaved repetitions
    python bench/run.py --trees django --repeat 5 --scale
    python bench/run.py --write docs/performance.md
    python bench/run.py --trees django --repeat 5 --no-fixit

It downloads pinned source distributions into ``bench/.work/`` (ignored by git), installs
Fixit into its own virtual environment there, and runs, interleaved in one session:
backlint cold (no cache), backlint warm (cache filled by the cold run), ruff with its
default rules (without and with its cache) and Fixit with its default rules. It prints
medians, ratios to ruff, peak memory of the whole process tree, and files per second;
``--scale`` adds a series over 1x, 2x and 4x copies of the Django tree.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import threading
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
TREES = {
    "django": ("django", "5.1.4"),
    "sqlalchemy": ("sqlalchemy", "2.0.36"),
    "fastapi": ("fastapi", "0.115.6"),
    # A real application distributed on PyPI: NetBox, a Django web application.
    "netbox": ("netbox", "4.7.3"),
}
FIXIT_VERSION = "2.1.0"


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)


def download(name: str, version: str) -> Path:
    """The extracted source distribution of ``name==version``."""
    target = WORK / "trees" / f"{name}-{version}"
    if target.is_dir():
        return target
    archives = WORK / "archives"
    archives.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            # NetBox requires a newer Python than the one running the benchmark may be.
            "--ignore-requires-python",
            "--no-binary",
            ":all:",
            "--dest",
            str(archives),
            f"{name}=={version}",
        ],
        check=True,
    )
    archive = next(
        p
        for p in archives.iterdir()
        if p.name.lower().startswith(f"{name.lower()}-{version}") and p.suffix == ".gz"
    )
    with tarfile.open(archive) as handle:
        handle.extractall(WORK / "trees", filter="data")
    extracted = next(
        p
        for p in (WORK / "trees").iterdir()
        if p.name.lower() == f"{name.lower()}-{version}" and p.is_dir()
    )
    extracted.rename(target) if extracted != target else None
    return target


def fixit_command() -> list[str]:
    environment = WORK / "fixit-venv"
    python = environment / "bin" / "python"
    if not python.exists():
        venv.create(environment, with_pip=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", f"fixit=={FIXIT_VERSION}"],
            check=True,
        )
    return [str(environment / "bin" / "fixit")]


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of the command's whole process tree."""
    # Let the kernel write back what the previous command (or the removal of a cache)
    # left dirty, so that it is not counted against this one.
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(1.0)
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            done.wait(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    process.wait()
    elapsed = time.perf_counter() - start
    done.set()
    watcher.join()
    return elapsed, peak / 1024


def python_files(tree: Path) -> int:
    return sum(1 for _ in tree.rglob("*.py"))


def run_suite(
    trees: dict[str, Path], repeat: int, with_fixit: bool = True
) -> dict[str, dict[str, Sample]]:
    backlint = [
        sys.executable,
        "-m",
        "backlint",
        "check",
        "--exit-zero",
        "--quiet",
        "--output-format",
        "concise",
    ]
    ruff = [shutil.which("ruff") or "ruff", "check", "--exit-zero", "--quiet"]
    fixit = fixit_command() if with_fixit else []
    results: dict[str, dict[str, Sample]] = {name: {} for name in trees}
    for _ in range(repeat):
        for name, tree in trees.items():
            shutil.rmtree(tree / ".backlint_cache", ignore_errors=True)
            shutil.rmtree(tree / ".ruff_cache", ignore_errors=True)
            runs = [
                ("backlint cold", [*backlint, str(tree)]),
                ("backlint warm", [*backlint, str(tree)]),
                ("ruff", [*ruff, "--no-cache", str(tree)]),
                (None, [*ruff, str(tree)]),  # fills ruff's cache, not timed
                ("ruff cached", [*ruff, str(tree)]),
            ]
            if with_fixit:
                runs.append(("fixit", [*fixit, "lint", str(tree)]))
            for label, command in runs:
                seconds, peak = measure(command)
                if label is not None:
                    sample = results[name].setdefault(label, Sample())
                    sample.seconds.append(seconds)
                    sample.peak_mb.append(peak)
    return results


def scale_series(tree: Path, copies: tuple[int, ...]) -> list[tuple[int, int, float]]:
    rows = []
    for count in copies:
        target = WORK / f"scale-{count}"
        if not target.is_dir():
            for index in range(count):
                shutil.copytree(tree, target / f"copy{index}", dirs_exist_ok=True)
        shutil.rmtree(target / ".backlint_cache", ignore_errors=True)
        (target / "pyproject.toml").write_text("[tool.backlint]\n")
        seconds, _ = measure(
            [
                sys.executable,
                "-m",
                "backlint",
                "check",
                "--exit-zero",
                "--quiet",
                "--no-cache",
                str(target),
            ]
        )
        rows.append((count, python_files(target), seconds))
    return rows


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cpu}, {cores} cores available, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def report(
    trees: dict[str, Path],
    results: dict[str, dict[str, Sample]],
    scaling: list[tuple[int, int, float]],
) -> str:
    lines = [
        f"Machine: {machine()}. Date: {time.strftime('%Y-%m-%d')}.",
        "",
        "| tree | files | tool | median s | x ruff | files/s | peak MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, tree in trees.items():
        files = python_files(tree)
        ruff = statistics.median(results[name]["ruff"].seconds)
        for label, sample in results[name].items():
            median = statistics.median(sample.seconds)
            peak = max(sample.peak_mb)
            lines.append(
                f"| {name} | {files} | {label} | {median:.2f} | {median / ruff:.1f} | "
                f"{files / median:.0f} | {peak:.0f} |"
            )
    if scaling:
        lines += [
            "",
            "| copies of Django | files | backlint cold s | files/s |",
            "|---|---|---|---|",
        ]
        for count, files, seconds in scaling:
            lines.append(f"| {count}x | {files} | {seconds:.2f} | {files / seconds:.0f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", default=",".join(TREES), help="comma-separated names")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", action="store_true", help="add the 1x/2x/4x series")
    parser.add_argument(
        "--no-fixit", action="store_true", help="leave Fixit out (its runs take minutes)"
    )
    parser.add_argument("--write", type=Path, help="replace the results block of this file")
    args = parser.parse_args()
    trees = {name: download(*TREES[name]) for name in args.trees.split(",")}
    results = run_suite(trees, args.repeat, not args.no_fixit)
    scaling = scale_series(trees["django"], (1, 2, 4)) if args.scale else []
    text = report(trees, results, scaling)
    print(text)
    if args.write:
        document = args.write.read_text()
        begin, end = "<!-- results -->", "<!-- /results -->"
        head, _, rest = document.partition(begin)
        _, _, tail = rest.partition(end)
        args.write.write_text(f"{head}{begin}\n{text}{end}{tail}")


if __name__ == "__main__":
    main()
