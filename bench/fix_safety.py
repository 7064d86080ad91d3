"""Fix a real source tree with every fix, then prove nothing broke and nothing is left to do.

Usage (from the repository root): python bench/fix_safety.py [--tree django]

Copies a pinned source distribution (downloaded by ``bench/run.py``'s helper) to a scratch
folder, runs ``backlint check --fix --unsafe-fixes`` on it, checks that every Python file
still parses with CPython's parser and that every changed manifest still reads back, then
runs the same command again and checks that it changes nothing.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import TREES, WORK, download


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".backlint_cache" not in p.parts
    }


def fix(root: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "backlint",
            "check",
            "--fix",
            "--unsafe-fixes",
            "--exit-zero",
            "--no-cache",
            "--output-format",
            "concise",
            str(root),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"backlint exited {done.returncode}: {done.stderr[-2000:]}")
    summary = [line for line in done.stdout.splitlines() if line.startswith("Found")]
    return time.perf_counter() - started, summary[-1] if summary else done.stdout[-200:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", default="django", choices=sorted(TREES))
    args = parser.parse_args()
    source = download(*TREES[args.tree])
    work = WORK / f"fixed-{args.tree}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work)
    before = digests(work)
    seconds, summary = fix(work)
    after = digests(work)
    changed = sorted(path for path in after if after[path] != before.get(path))
    broken = []
    for path in changed:
        if path.endswith((".py", ".pyi")):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    ast.parse((work / path).read_bytes())
                except SyntaxError as error:
                    broken.append(f"{path}: {error}")
    second_seconds, second = fix(work)
    again = digests(work)
    print(f"first run: {seconds:.1f} s, {summary}")
    print(f"files changed: {len(changed)}; changed Python files that do not parse: {len(broken)}")
    for line in broken:
        print("  " + line)
    print(f"second run: {second_seconds:.1f} s, {second}")
    print(f"second run changed files: {sum(1 for p in again if again[p] != after.get(p))}")


if __name__ == "__main__":
    main()
