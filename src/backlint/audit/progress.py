"""The progress bar of a long audit: on a terminal only, never in CI logs, JSON or a pipe."""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

# Below this many files a run is over before a bar would tell anything.
MIN_FILES = 20


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a CI service runs us (they all set ``CI``, GitHub and GitLab to ``true``)."""
    value = environ.get("CI", "").strip().lower()
    return bool(value) and value not in ("0", "false", "no")


def progress_wanted(
    stream: TextIO, output_format: str, environ: Mapping[str, str] = os.environ
) -> bool:
    """A bar only on a terminal, outside CI, and never along JSON meant for a program."""
    if output_format == "json" or in_ci(environ):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class ProgressBar:
    """Shows ``Checking <project>  ━━━━━━  120/450`` once a project has ``MIN_FILES``
    files or more, and removes it when the audit is done. Called as
    ``bar(project, done, total)``; use it as a context manager."""

    def __init__(self, console: Console, min_files: int = MIN_FILES) -> None:
        self.console = console
        self.min_files = min_files
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, project: str, done: int, total: int) -> None:
        if self._progress is None:
            if total < self.min_files:
                return
            self._progress = Progress(
                TextColumn("Checking [bold]{task.description}[/]"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.start()
        task = self._tasks.get(project)
        if task is None:
            task = self._tasks[project] = self._progress.add_task(project, total=total)
        self._progress.update(task, completed=done, total=total)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
