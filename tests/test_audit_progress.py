"""The audit's progress bar: on a terminal (a pseudo-terminal here), never when piped, in
CI or along JSON; and the engine's progress callback it is fed by."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backlint.audit.progress import MIN_FILES, progress_wanted
from backlint.engine import run
from backlint.registry import RuleSet
from backlint.rule import RuleContext
from backlint.workspace import Selection, plan_projects

from .audit_cases import MESSY, Project

pty = pytest.importorskip("pty", reason="pseudo-terminals need a POSIX system")

SRC = Path(__file__).resolve().parent.parent / "src"


def many_files(project: Project) -> Path:
    """MESSY with enough modules for a progress bar."""
    files = dict(MESSY)
    for number in range(MIN_FILES + 5):
        files[f"app/services/extra_{number}.py"] = (
            f"from app.models.user import User\nN = {number}\n"
        )
    return project(files)


def environment(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "FORCE_COLOR", "NO_COLOR")}
    env.update(
        PYTHONPATH=os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]),
        TERM="xterm-256color",
        COLUMNS="100",
        LINES="40",
    )
    env.update(changes)
    return env


def run_on_terminal(root: Path, env: dict[str, str], *args: str) -> tuple[int, str]:
    """Run ``python -m backlint audit`` with a pseudo-terminal as standard output."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "backlint", "audit", "--no-cache", *args, "."],
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=subprocess.PIPE,
    )
    os.close(terminal)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                data = os.read(controller, 65536)
            except OSError:  # the terminal closed: the process is gone
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(controller)
    code = process.wait(timeout=30)
    assert process.stderr is not None
    assert process.stderr.read() == b""
    return code, b"".join(chunks).decode("utf-8", errors="replace")


def test_progress_bar_appears_on_a_terminal(project: Project) -> None:
    root = many_files(project)

    code, shown = run_on_terminal(root, environment())

    assert code == 0
    assert "Checking" in shown
    assert "\x1b[" in shown  # drawn with cursor movements, then removed
    assert "Scorecard by rule document" in shown


def test_no_progress_bar_in_ci_even_on_a_terminal(project: Project) -> None:
    root = many_files(project)

    code, shown = run_on_terminal(root, environment(CI="true"))

    assert code == 0
    assert "Checking" not in shown
    assert "Scorecard by rule document" in shown


def test_piped_output_has_no_progress(project: Project) -> None:
    root = many_files(project)

    result = subprocess.run(
        [sys.executable, "-m", "backlint", "audit", "--no-cache", "."],
        cwd=root,
        env=environment(),
        capture_output=True,
        timeout=120,
    )

    assert result.returncode == 0
    assert b"Checking" not in result.stdout + result.stderr
    assert b"\x1b[" not in result.stdout + result.stderr
    assert b"Scorecard by rule document" in result.stdout


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "output_format", "environ", "wanted"),
    [
        (Terminal(), "text", {}, True),
        (Terminal(), "markdown", {}, True),
        (Terminal(), "json", {}, False),
        (Terminal(), "text", {"CI": "true"}, False),
        (Terminal(), "text", {"CI": "1"}, False),
        (Terminal(), "text", {"CI": "false"}, True),
        (io.StringIO(), "text", {}, False),
    ],
)
def test_progress_is_wanted_on_a_terminal_outside_ci_and_json(
    stream: io.StringIO, output_format: str, environ: dict[str, str], wanted: bool
) -> None:
    assert progress_wanted(stream, output_format, environ) is wanted


def test_engine_reports_progress_after_each_file(project: Project) -> None:
    root = project(
        {**MESSY, "requirements.txt": "-r base.txt\nfastapi>=0.110\n", "base.txt": "redis>=5\n"}
    )
    (planned,) = plan_projects([str(root)], Selection())
    calls: list[tuple[int, int]] = []

    result = run(
        planned.files,
        rules=RuleSet.select(["ALL"], []),
        context=RuleContext(),
        root=str(root),
        progress=lambda done, total: calls.append((done, total)),
    )

    checked = len(result.files)  # base.txt, reached by -r, included
    assert checked == len(planned.files) + 1
    assert [done for done, _ in calls] == list(range(1, checked + 1))
    assert calls[-1] == (checked, checked)
    assert all(done <= total for done, total in calls)


def test_engine_reports_progress_from_worker_processes_too(project: Project) -> None:
    root = project({f"pkg/module_{n}.py": f"import os\nN = {n}\n" for n in range(60)})
    (planned,) = plan_projects([str(root)], Selection())
    calls: list[tuple[int, int]] = []

    run(
        planned.files,
        rules=RuleSet.select(["ALL"], []),
        context=RuleContext(),
        root=str(root),
        jobs=2,
        progress=lambda done, total: calls.append((done, total)),
    )

    assert calls[-1] == (60, 60)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
