"""Shared fixtures: run the command line in-process and capture what it prints."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Every ast gate that tells the engine to skip a file is checked against the full pass, in
# this process and in every backlint process the tests start.
os.environ["BACKLINT_VERIFY_GATES"] = "1"

from backlint.cli import main

REPO = Path(__file__).resolve().parent.parent


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> list[dict[str, Any]]:
        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``backlint ARGS`` in-process from a given directory."""

    def run(*args: str, cwd: Path | None = None) -> CliResult:
        previous = os.getcwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            capsys.readouterr()
            code = main(list(args))
            captured = capsys.readouterr()
        finally:
            os.chdir(previous)
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def project(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write a small project: ``{relative path: text or bytes}``; returns its root."""

    def write(files: dict[str, str | bytes]) -> Path:
        for relative, content in files.items():
            target = tmp_path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="")
        return tmp_path

    return write
