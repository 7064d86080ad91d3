"""How long after a change the editor gets diagnostics, for a generated 3,000-line file.

Usage (from the repository root, with backlint and pygls installed in the running Python):

    python bench/lsp_latency.py                 # 3,000 lines, 20 changes each way
    python bench/lsp_latency.py --lines 10000 --changes 50

It writes a small project in a temporary directory (pyproject.toml, requirements.txt and one
generated module using FastAPI, SQLAlchemy and pydantic), starts ``backlint server`` over
stdio with pygls's client, opens the module, then edits one line at a time, each change
after a pause (as a person types a fix, then looks), and measures:

* push: from sending ``didChange`` to receiving ``publishDiagnostics`` for that version;
* pull: from sending ``didChange`` to the answer of ``textDocument/diagnostic`` sent right
  after it.

It prints the median, 90th percentile and maximum of each, and the first check's time.
The target is diagnostics within 150 ms of a change.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

TARGET_MS = 150.0
PAUSE = 0.3  # longer than the server's debounce: each change is checked at once

HEADER = '''"""A generated module: routes, models and schemas, for timing the language server."""

from __future__ import annotations

import os

import sqlalchemy as sa
from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

router = APIRouter()


class Base(DeclarativeBase):
    pass

'''

BLOCK = """
class Item{n}(Base):
    __tablename__ = "item_{n}"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    price: Mapped[float] = mapped_column(default=0.0)


class Item{n}Schema(BaseModel):
    name: str = Field(max_length=80)
    price: float = 0.0


def total_{n}(items: list[Item{n}Schema], tax: float = 0.2) -> float:
    subtotal = sum(item.price for item in items)
    if subtotal > 100:
        subtotal *= 0.95
    return round(subtotal * (1 + tax), 2)


@router.get("/items/{n}")
async def read_item_{n}(limit: int = 10, session=Depends(os.getenv)) -> dict:
    query = sa.select(Item{n}).limit(limit)
    return {{"query": str(query), "total": total_{n}([])}}

"""


PLAIN_HEADER = '''"""A generated module without any framework, for timing the language server."""

from __future__ import annotations

import math

'''

PLAIN_BLOCK = """
class Shape{n}:
    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height

    def area(self) -> float:
        return self.width * self.height

    def diagonal(self) -> float:
        return math.hypot(self.width, self.height)


def scale_{n}(shapes: list[Shape{n}], factor: float = 2.0) -> list[Shape{n}]:
    result = []
    for shape in shapes:
        if factor <= 0:
            raise ValueError("factor must be positive")
        result.append(Shape{n}(shape.width * factor, shape.height * factor))
    return result

"""


def generate(lines: int, plain: bool = False) -> str:
    header, template = (PLAIN_HEADER, PLAIN_BLOCK) if plain else (HEADER, BLOCK)
    parts = [header]
    count = header.count("\n")
    n = 0
    while count < lines:
        block = template.format(n=n)
        parts.append(block)
        count += block.count("\n")
        n += 1
    return "".join(parts)


def write_project(root: Path, lines: int, plain: bool = False) -> Path:
    (root / "pyproject.toml").write_text(
        '[project]\nname = "bench"\nversion = "0.1"\nrequires-python = ">=3.10"\n',
        encoding="utf-8",
    )
    (root / "requirements.txt").write_text(
        "fastapi==0.115.6\nsqlalchemy==2.0.36\npydantic==2.10.3\n", encoding="utf-8"
    )
    module = root / ("plain.py" if plain else "app.py")
    module.write_text(generate(lines, plain), encoding="utf-8")
    return module


def summary(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[max(0, round(0.9 * len(ordered)) - 1)]
    median = statistics.median(ordered)
    verdict = "within" if median <= TARGET_MS else "OVER"
    return (
        f"{label}: median {median:.1f} ms, p90 {p90:.1f} ms, max {ordered[-1]:.1f} ms "
        f"over {len(ordered)} changes ({verdict} the {TARGET_MS:.0f} ms target)"
    )


async def measure(module: Path, changes: int, pull: bool) -> tuple[float, list[float]]:
    client = LanguageClient("backlint-bench", "1")
    arrived: dict[int, float] = {}
    events: dict[int, asyncio.Event] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None and params.version not in arrived:
            arrived[params.version] = time.perf_counter()
            events.setdefault(params.version, asyncio.Event()).set()

    root = module.parent
    # The server runs in the project's directory: keep a relative PYTHONPATH working.
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(os.path.abspath(p) for p in paths if p)}
    await client.start_io(sys.executable, "-m", "backlint", "server", cwd=str(root), env=env)
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities() if pull else None
        )
    )
    await client.initialize_async(
        types.InitializeParams(capabilities=capabilities, root_uri=from_fs_path(str(root)))
    )
    client.initialized(types.InitializedParams())
    uri = from_fs_path(str(module))
    text = module.read_text(encoding="utf-8")
    lines = text.split("\n")

    async def pulled() -> None:
        await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
        )

    start = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", 1, text))
    )
    if pull:
        await pulled()
        first = time.perf_counter() - start
    else:
        await asyncio.wait_for(events.setdefault(1, asyncio.Event()).wait(), 60)
        first = arrived[1] - start

    samples: list[float] = []
    for version in range(2, changes + 2):
        await asyncio.sleep(PAUSE)
        # Edit a line in the middle of the file, as a person fixing something would.
        row = len(lines) // 2 + version % 50
        lines[row] = lines[row] + f"  # edit {version}"
        changed = "\n".join(lines)
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text=changed)],
            )
        )
        if pull:
            await pulled()
            samples.append((time.perf_counter() - sent) * 1000)
        else:
            await asyncio.wait_for(events.setdefault(version, asyncio.Event()).wait(), 60)
            samples.append((arrived[version] - sent) * 1000)

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return first * 1000, samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=3000, help="lines in the edited file")
    parser.add_argument("--changes", type=int, default=10, help="changes timed in each mode")
    args = parser.parse_args()
    print(f"backlint server, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    # The framework module concerns the SQLAlchemy and pydantic rules (libcst parses it and
    # their visitors run); the plain one passes no rule's text gate (CPython's parser only),
    # which shows what the server itself costs.
    for plain in (False, True):
        with tempfile.TemporaryDirectory(prefix="backlint-lsp-bench-") as directory:
            module = write_project(Path(directory), args.lines, plain)
            size = module.read_text(encoding="utf-8").count("\n")
            kind = "plain module" if plain else "framework module"
            for pull in (False, True):
                first, samples = asyncio.run(measure(module, args.changes, pull))
                label = f"{kind}, {size} lines, {'pull' if pull else 'push'}"
                print(f"{label}: first check {first:.0f} ms")
                print(summary(label, samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
