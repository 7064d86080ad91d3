"""``backlint server`` end to end: the real server over stdio, driven by pygls's client.

Each test starts the server as a subprocess (``python -m backlint server``), initializes a
session as an editor would, and checks what comes back: pushed or pulled diagnostics at the
right ranges (in the negotiated position encoding), code actions whose edits, applied the
way a client applies them, make the findings go away, and a server that survives bad input
and a rule that raises.
"""

from __future__ import annotations

import asyncio
import fnmatch
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from backlint.cli import main as cli_main
from backlint.diagnostics import Position
from backlint.discovery import FileKind
from backlint.server.edits import diff_edits, disable_edit, exact_pattern
from backlint.server.positions import Positions
from backlint.suppress import python_suppressions, requirements_suppressions

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
SERVER = [sys.executable, "-m", "backlint", "server"]
FAULTY_SERVER = [sys.executable, str(HERE / "lsp_faulty_server.py")]
TIMEOUT = 10.0


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    asyncio.run(asyncio.wait_for(scenario(), timeout=60))


def _offset(text: str, position: types.Position, encoding: str) -> int:
    """A client's reading of an LSP position (independent of the server's code)."""
    lines = text.splitlines(keepends=True) or [""]
    if position.line >= len(lines):
        return len(text)
    start = sum(len(line) for line in lines[: position.line])
    line = lines[position.line].rstrip("\r\n")
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return start + index
        units += len(char.encode(encoding)) // (2 if encoding == "utf-16-le" else 1)
    return start + len(line)


def apply_text_edits(text: str, edits: Any, encoding: str = "utf-16-le") -> str:
    spans = sorted(
        (
            (_offset(text, e.range.start, encoding), _offset(text, e.range.end, encoding), e)
            for e in edits
        ),
        key=lambda item: (item[0], item[1]),
        reverse=True,
    )
    for start, end, edit in spans:
        text = text[:start] + edit.new_text + text[end:]
    return text


class Session:
    """One server process and a client that remembers what the server sent."""

    def __init__(
        self,
        root: Path,
        *,
        pull: bool = False,
        encodings: list[str] | None = None,
        command: list[str] | None = None,
    ) -> None:
        self.root = root
        self.pull = pull
        self.encodings = encodings
        self.command = command or SERVER
        self.client = LanguageClient("backlint-tests", "1")
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.logs: list[types.LogMessageParams] = []
        self.refreshes = 0
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.result: types.InitializeResult | None = None

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(ls: Any, params: types.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(params)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(ls: Any, params: types.LogMessageParams) -> None:
            self.logs.append(params)

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def shown(ls: Any, params: types.ShowMessageParams) -> None:
            self.logs.append(types.LogMessageParams(type=params.type, message=params.message))

        @self.client.feature(types.WORKSPACE_DIAGNOSTIC_REFRESH)
        def refresh(ls: Any, params: None) -> None:
            self.refreshes += 1

    async def __aenter__(self) -> Session:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        }
        await self.client.start_io(*self.command, env=env, cwd=str(self.root))
        capabilities = types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=self.encodings)
            if self.encodings
            else None,
            text_document=types.TextDocumentClientCapabilities(
                diagnostic=types.DiagnosticClientCapabilities(related_document_support=False)
                if self.pull
                else None,
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(),
                code_action=types.CodeActionClientCapabilities(
                    data_support=True,
                    resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"]),
                ),
            ),
            workspace=types.WorkspaceClientCapabilities(
                diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
            ),
        )
        self.result = await self.client.initialize_async(
            types.InitializeParams(
                capabilities=capabilities,
                root_uri=from_fs_path(str(self.root)),
                workspace_folders=[
                    types.WorkspaceFolder(uri=from_fs_path(str(self.root)), name="project")
                ],
            )
        )
        self.client.initialized(types.InitializedParams())
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), TIMEOUT)

    @property
    def encoding(self) -> str:
        assert self.result is not None
        return {"utf-8": "utf-8", "utf-32": "utf-32-le"}.get(
            str(self.result.capabilities.position_encoding), "utf-16-le"
        )

    def uri(self, relative: str) -> str:
        return from_fs_path(str(self.root / relative))

    def open(self, relative: str, language: str = "python") -> str:
        uri = self.uri(relative)
        text = (self.root / relative).read_text(encoding="utf-8")
        self.texts[uri], self.versions[uri] = text, 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
        )
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=self.versions[uri], uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def apply(self, edit: types.WorkspaceEdit) -> None:
        """Apply a workspace edit to the open buffers, as an editor does (nothing is saved)."""
        for uri, edits in (edit.changes or {}).items():
            self.change(uri, apply_text_edits(self.texts[uri], edits, self.encoding))
        for document_edit in edit.document_changes or []:
            uri = document_edit.text_document.uri
            self.change(uri, apply_text_edits(self.texts[uri], document_edit.edits, self.encoding))

    async def diagnostics(
        self, uri: str, until: Callable[[list[types.Diagnostic]], bool] = lambda _: True
    ) -> list[types.Diagnostic]:
        """The diagnostics of ``uri`` for its current text, once ``until`` holds for them."""
        deadline = asyncio.get_running_loop().time() + TIMEOUT
        while True:
            if self.pull:
                report = await self.client.text_document_diagnostic_async(
                    types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
                )
                items = list(report.items)
                if until(items):
                    return items
            else:
                pushed = self.published.get(uri, [])
                if pushed and pushed[-1].version in (None, self.versions.get(uri)):
                    items = list(pushed[-1].diagnostics)
                    if until(items):
                        return items
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no diagnostics as expected for {uri}: {self.published}")
            await asyncio.sleep(0.02)

    async def actions(
        self, uri: str, at: types.Range, only: list[str] | None = None
    ) -> list[types.CodeAction]:
        result = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri),
                at,
                types.CodeActionContext(diagnostics=[], only=only),
            )
        )
        return list(result or [])


def codes(items: list[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in items)


def span(line: int, start: int, end: int) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(line, end))


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    return root


PYPROJECT = '[project]\nname = "demo"\nversion = "0.1"\n'


def test_initialize_advertises_capabilities(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(write(tmp_path, {"pyproject.toml": PYPROJECT})) as session:
            assert session.result is not None
            capabilities = session.result.capabilities
            assert session.result.server_info is not None
            assert session.result.server_info.name == "backlint"
            assert capabilities.position_encoding == types.PositionEncodingKind.Utf16
            sync = capabilities.text_document_sync
            assert isinstance(sync, types.TextDocumentSyncOptions)
            assert sync.open_close and sync.change == types.TextDocumentSyncKind.Full
            assert isinstance(sync.save, types.SaveOptions)
            provider = capabilities.diagnostic_provider
            assert isinstance(provider, types.DiagnosticOptions)
            assert provider.identifier == "backlint" and provider.inter_file_dependencies
            actions = capabilities.code_action_provider
            assert isinstance(actions, types.CodeActionOptions)
            assert set(actions.code_action_kinds or ()) == {"quickfix", "source.fixAll.backlint"}

    run(scenario)


def test_requirements_diagnostic_and_quick_fix(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT + 'dependencies = ["python-redis>=4"]\n',
            "requirements.txt": "flask==3.0\npython-redis==4.0\n",
            "setup.cfg": "[options]\ninstall_requires =\n    python-redis\n",
        },
    )
    disk = (root / "requirements.txt").read_text()

    async def scenario() -> None:
        async with Session(root) as session:
            uri = session.open("requirements.txt", "pip-requirements")
            items = await session.diagnostics(uri, lambda items: "BK101" in codes(items))
            (found,) = [d for d in items if d.code == "BK101"]
            assert found.range == span(1, 0, 12)
            assert found.source == "backlint"
            assert "redis" in found.message

            # pyproject.toml and setup.cfg are served too.
            pyproject = session.open("pyproject.toml", "toml")
            items = await session.diagnostics(pyproject, lambda items: "BK101" in codes(items))
            (in_pyproject,) = [d for d in items if d.code == "BK101"]
            assert in_pyproject.range.start.line == 3
            setup = session.open("setup.cfg", "ini")
            items = await session.diagnostics(setup, lambda items: "BK101" in codes(items))
            assert [d.range for d in items if d.code == "BK101"] == [span(2, 4, 16)]

            actions = await session.actions(uri, span(1, 3, 3))
            (fix,) = [a for a in actions if "Replace" in a.title]
            assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
            assert fix.edit is not None
            session.apply(fix.edit)
            assert session.texts[uri] == "flask==3.0\nredis==4.0\n"
            items = await session.diagnostics(uri)
            assert "BK101" not in codes(items)

            # Closing a document clears its diagnostics.
            session.client.text_document_did_close(
                types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
            )
            await session.diagnostics(uri, lambda items: not items)
        # The fix went to the buffer only; writing is the editor's business.
        assert (root / "requirements.txt").read_text() == disk

    run(scenario)


LINES = 'import os\ns = "é😀"  # noqa: BK101\nname = "名前"  # noqa: BK101\n'


@pytest.mark.parametrize(
    ("offered", "expected"),
    [
        # UTF-16 by default: the emoji is two code units, the accented and CJK letters one.
        (None, [span(1, 19, 24), span(2, 21, 26)]),
        # UTF-8 when the client prefers it: é is two bytes, the emoji four, CJK three each.
        (["utf-8"], [span(1, 22, 27), span(2, 25, 30)]),
    ],
)
def test_positions_in_the_negotiated_encoding(
    tmp_path: Path, offered: list[str] | None, expected: list[types.Range]
) -> None:
    root = write(tmp_path, {"pyproject.toml": PYPROJECT, "app.py": LINES})

    async def scenario() -> None:
        async with Session(root, encodings=offered) as session:
            uri = session.open("app.py")
            items = await session.diagnostics(uri, lambda items: len(items) == 2)
            assert codes(items) == ["BK001", "BK001"]
            assert [d.range for d in items] == expected
            assert all(types.DiagnosticTag.Unnecessary in (d.tags or ()) for d in items)

            # The quick fix's edit lands on the right characters in that encoding too.
            actions = await session.actions(uri, expected[0])
            (fix,) = [a for a in actions if "Remove" in a.title]
            assert fix.edit is not None
            session.apply(fix.edit)
            assert session.texts[uri] == 'import os\ns = "é😀"\nname = "名前"  # noqa: BK101\n'
            items = await session.diagnostics(uri, lambda items: len(items) == 1)
            assert [d.range for d in items] == expected[1:]

    run(scenario)


def test_disable_for_this_line(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "requirements.txt": "fastapi\nflask  # noqa: BK101\n",
        },
    )

    async def scenario() -> None:
        async with Session(root) as session:
            uri = session.open("requirements.txt", "pip-requirements")
            items = await session.diagnostics(uri, lambda items: "BK105" in codes(items))
            assert codes(items) == ["BK001", "BK105", "BK105"]

            # A new directive on a line without one.
            actions = await session.actions(uri, span(0, 0, 0))
            (disable,) = [a for a in actions if a.title.endswith("Disable BK105 for this line")]
            assert disable.edit is not None
            session.apply(disable.edit)
            assert session.texts[uri] == "fastapi  # noqa: BK105\nflask  # noqa: BK101\n"
            items = await session.diagnostics(uri, lambda items: len(items) == 2)

            # An existing directive is extended.
            actions = await session.actions(uri, span(1, 0, 0))
            (disable,) = [a for a in actions if a.title.endswith("Disable BK105 for this line")]
            assert disable.edit is not None
            session.apply(disable.edit)
            assert session.texts[uri] == "fastapi  # noqa: BK105\nflask  # noqa: BK101, BK105\n"
            items = await session.diagnostics(uri, lambda items: len(items) == 1)
            assert codes(items) == ["BK001"]  # BK101 still suppresses nothing

    run(scenario)


@pytest.mark.parametrize("pull", [False, True], ids=["push", "pull"])
def test_cross_file_finding_follows_the_other_buffer(tmp_path: Path, pull: bool) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "app.py": "import redis\n",
            "requirements.txt": "redis==5.0\n",
        },
    )

    async def scenario() -> None:
        async with Session(root, pull=pull) as session:
            app = session.open("app.py")
            requirements = session.open("requirements.txt", "pip-requirements")
            assert await session.diagnostics(app) == []

            # Unsaved: the requirement is removed in the editor only.
            session.change(requirements, "\n")
            if pull:
                # The server asks a pulling client to pull again: another document changed.
                for _ in range(int(TIMEOUT / 0.02)):
                    if session.refreshes:
                        break
                    await asyncio.sleep(0.02)
                assert session.refreshes
            items = await session.diagnostics(app, lambda items: "BK104" in codes(items))
            (undeclared,) = items
            assert undeclared.range.start == types.Position(0, 0)
            assert "redis" in undeclared.message
            assert (root / "requirements.txt").read_text() == "redis==5.0\n"

            # Its fix edits the other document: the manifest.
            actions = await session.actions(app, undeclared.range)
            (declare,) = [a for a in actions if a.title.endswith("(unsafe)")]
            assert declare.edit is not None and not declare.is_preferred
            assert set(declare.edit.changes or {}) == {requirements}
            session.apply(declare.edit)
            assert "redis" in session.texts[requirements]
            await session.diagnostics(app, lambda items: not items)

            if pull:
                # A pull with the last result's id gets "unchanged".
                first = await session.client.text_document_diagnostic_async(
                    types.DocumentDiagnosticParams(types.TextDocumentIdentifier(app))
                )
                again = await session.client.text_document_diagnostic_async(
                    types.DocumentDiagnosticParams(
                        types.TextDocumentIdentifier(app), previous_result_id=first.result_id
                    )
                )
                assert again.kind == "unchanged"
                assert session.published == {}  # a pulling client is never pushed to

    run(scenario)


def test_fix_all_applies_safe_fixes_of_the_document_only(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "requirements.txt": "python-redis==4.0\nflask==3.0  # noqa: BK101\n",
            "app.py": "import redis  # noqa: BK105\nimport flask\n",
        },
    )

    async def scenario() -> None:
        async with Session(root) as session:
            uri = session.open("requirements.txt", "pip-requirements")
            app = session.open("app.py")
            await session.diagnostics(uri, lambda items: codes(items) == ["BK001", "BK101"])
            await session.diagnostics(app, lambda items: codes(items) == ["BK001"])

            actions = await session.actions(uri, span(0, 0, 0), only=["source.fixAll"])
            (fix_all,) = actions
            assert fix_all.kind == "source.fixAll.backlint"
            assert fix_all.edit is not None
            assert set(fix_all.edit.changes or {}) == {uri}  # app.py's fix is not applied

            # Beside the quick fixes under the cursor, it is computed only when chosen.
            actions = await session.actions(uri, span(0, 0, 0))
            (lazy,) = [a for a in actions if a.kind == "source.fixAll.backlint"]
            assert lazy.edit is None
            resolved = await session.client.code_action_resolve_async(lazy)
            assert resolved.edit == fix_all.edit
            session.apply(fix_all.edit)
            assert session.texts[uri] == "redis==4.0\nflask==3.0\n"
            await session.diagnostics(uri, lambda items: not items)
            assert (root / "requirements.txt").read_text().startswith("python-redis")

            # Nothing left to fix: no action.
            assert await session.actions(uri, span(0, 0, 0), only=["source.fixAll"]) == []

    run(scenario)


def test_configuration_changes_are_picked_up(tmp_path: Path) -> None:
    root = write(tmp_path, {"pyproject.toml": PYPROJECT, "requirements.txt": "python-redis==4\n"})

    async def scenario() -> None:
        async with Session(root) as session:
            uri = session.open("requirements.txt", "pip-requirements")
            await session.diagnostics(uri, lambda items: codes(items) == ["BK101"])

            # Changed on disk, announced by the client's file watcher.
            (root / "pyproject.toml").write_text(PYPROJECT + '[tool.backlint]\nignore = ["BK1"]\n')
            session.client.workspace_did_change_watched_files(
                types.DidChangeWatchedFilesParams(
                    [types.FileEvent(session.uri("pyproject.toml"), types.FileChangeType.Changed)]
                )
            )
            await session.diagnostics(uri, lambda items: items == [])

            # Saved from the editor.
            pyproject = session.open("pyproject.toml", "toml")
            text = PYPROJECT + '[tool.backlint]\nselect = ["BK101"]\n'
            session.change(pyproject, text)
            (root / "pyproject.toml").write_text(text)
            session.client.text_document_did_save(
                types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(pyproject))
            )
            await session.diagnostics(uri, lambda items: codes(items) == ["BK101"])

            # A broken configuration is reported, and the server goes on with the defaults.
            text = PYPROJECT + "[tool.backlint]\nselect = 3\n"
            session.change(pyproject, text)
            (root / "pyproject.toml").write_text(text)
            session.client.text_document_did_save(
                types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(pyproject))
            )
            for _ in range(200):
                if any("select" in log.message for log in session.logs):
                    break
                await asyncio.sleep(0.02)
            assert any(
                log.type == types.MessageType.Error and "select" in log.message
                for log in session.logs
            )
            await session.diagnostics(uri, lambda items: codes(items) == ["BK101"])

    run(scenario)


def test_malformed_input_does_not_end_the_server(tmp_path: Path) -> None:
    root = write(tmp_path, {"pyproject.toml": PYPROJECT, "requirements.txt": "python-redis\n"})

    async def scenario() -> None:
        async with Session(root) as session:
            writer = session.client.protocol.writer
            assert writer is not None
            for body in (
                b"{not json",
                b"[1, 2, 3]",
                b'"just a string"',
                b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"x": 1}}',
                b'{"jsonrpc": "2.0", "id": 99, "method": "textDocument/codeAction", "params": 7}',
                b'{"jsonrpc": "1.0", "id": 98, "method": "shutdown"}',
            ):
                writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            writer.write(b"garbage without a header\r\n")
            # Still answering: a request gets its reply, a document its diagnostics.
            uri = session.open("requirements.txt", "pip-requirements")
            items = await session.diagnostics(uri, lambda items: "BK101" in codes(items))
            assert await session.actions(uri, items[0].range)
            assert session.client._server is not None
            assert session.client._server.returncode is None

    run(scenario)


def test_a_rule_that_raises_is_logged_and_the_server_goes_on(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "app.py": "explode = True\n",
            "requirements.txt": "python-redis==4\n",
        },
    )

    async def scenario() -> None:
        async with Session(root, command=FAULTY_SERVER) as session:
            app = session.open("app.py")
            requirements = session.open("requirements.txt", "pip-requirements")
            items = await session.diagnostics(requirements, lambda items: bool(items))
            assert codes(items) == ["BK101"]
            await session.diagnostics(app)
            errors = [log.message for log in session.logs if log.type == types.MessageType.Error]
            assert any("BK999" in m and "app.py" in m for m in errors), errors
            # Logged once, not at every check.
            session.change(app, "explode = False\n")
            await session.diagnostics(app)
            session.change(app, "x = 1\n")
            await session.diagnostics(app)
            assert sum("BK999" in log.message for log in session.logs) == 1
            assert await session.actions(requirements, items[0].range)

    run(scenario)


def test_server_command_says_how_to_install_pygls(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pygls" else real(name, *a)
    )
    assert cli_main(["server"]) == 2
    assert "pip install 'backlint[lsp]'" in capsys.readouterr().err


# The pieces, without a server --------------------------------------------------------------


def test_positions_convert_both_ways() -> None:
    text = 'a = "😀é"\r\nb = "名"\rc\n'
    utf16 = Positions(text)
    assert utf16.to_lsp(Position(1, 8)) == types.Position(0, 8)  # the emoji is two units
    assert utf16.to_lsp(Position(1, 99)) == types.Position(0, 9)  # clamped to the line
    assert utf16.to_lsp(Position(3, 2)) == types.Position(2, 1)  # a lone CR ends a line
    assert utf16.from_lsp(types.Position(0, 8)) == Position(1, 8)
    assert utf16.from_lsp(types.Position(1, 6)) == Position(2, 7)
    assert utf16.from_lsp(types.Position(9, 0)) == Position(4, 1)
    assert Positions(text, "utf-8").to_lsp(Position(2, 7)) == types.Position(1, 8)
    assert Positions(text, "utf-32").to_lsp(Position(1, 8)) == types.Position(0, 7)


def test_exact_patterns_match_one_file_only() -> None:
    def matches(relative: str, pattern: str) -> bool:
        # How per-file-ignores compares (backlint.suppress): by base name without a slash.
        target = relative if "/" in pattern else relative.rsplit("/", 1)[-1]
        return fnmatch.fnmatchcase(target, pattern) or fnmatch.fnmatchcase(relative, pattern)

    names = ["requirements.txt", "sub/requirements.txt", "[x]*?.py", "]a", "!b", "-c", "a/[b]/c"]
    for name in names:
        pattern = exact_pattern(name)
        assert "/" in pattern
        assert [other for other in names if matches(other, pattern)] == [name]


def test_disable_edits() -> None:
    text = 'x = """\nimport y\n"""\nz = 1 + \\\n    2\n'
    none = python_suppressions(text)
    assert disable_edit(FileKind.PYTHON, text, none, 2, "BK104") is None  # inside a string
    assert disable_edit(FileKind.PYTHON, text, none, 4, "BK104") is None  # continued line
    edit = disable_edit(FileKind.PYTHON, text, none, 3, "BK104")
    assert edit is not None and edit.content == "  # noqa: BK104"

    requirements = "flask \\\n    ==3.0\nredis  # noqa: BK101\n"
    found = requirements_suppressions(requirements)
    edit = disable_edit(FileKind.REQUIREMENTS, requirements, found, 1, "BK105")
    assert edit is not None and edit.start == Position(2, 10)  # the joined line's end
    edit = disable_edit(FileKind.REQUIREMENTS, requirements, found, 3, "BK105")
    assert edit is not None and edit.content == ": BK101, BK105"
    assert disable_edit(FileKind.REQUIREMENTS, requirements, found, 3, "BK101") is None


def test_diff_edits_touch_changed_lines_only() -> None:
    old = "a\nb\nc\nd\n"
    new = "a\nB\nc\nd\ne\n"
    edits = diff_edits(old, new)
    assert edits == [(2, 4, "B\n"), (8, 8, "e\n")]
    out = old
    for start, end, content in reversed(edits):
        out = out[:start] + content + out[end:]
    assert out == new


def test_a_change_parses_the_edited_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backlint import engine
    from backlint.server.state import State

    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "requirements.txt": "redis==5.0\n",
            "app.py": "import redis\n",
            "other.py": "import os\n",
        },
    )
    parsed: list[str] = []
    real = engine.check_file

    def counting(source: Any, *args: Any) -> Any:
        parsed.append(Path(source.path).name)
        return real(source, *args)

    monkeypatch.setattr(engine, "check_file", counting)
    # The check of rules left out runs everything again: not what is counted here.
    monkeypatch.setattr(engine, "VERIFY_GATES", False)
    state = State()
    requirements = str(root / "requirements.txt")
    state.open(from_fs_path(requirements), requirements, "redis==5.0\n", 1)
    project = state.project_for(requirements)
    project.disk_cache = False
    state.check(project)
    assert sorted(parsed) == ["app.py", "other.py", "pyproject.toml", "requirements.txt"]

    parsed.clear()
    state.change(from_fs_path(requirements), requirements, "\n", 2)
    check = state.check(project)
    assert parsed == ["requirements.txt"]
    # ... and the project pass saw the other files' facts: the import is now undeclared.
    assert [d.code for d in check.by_path[str(root / "app.py")]] == ["BK104"]
    assert state.check(project) is check  # nothing changed: nothing checked


def test_idle_collection_frees_cycles_and_freezes_what_lives() -> None:
    import gc
    import weakref

    from backlint.server.lsp import collect_garbage

    class Holder:
        pass

    first, second = Holder(), Holder()
    first.other, second.other = second, first  # type: ignore[attr-defined]
    gone = weakref.ref(first)
    del first, second
    kept = Holder()
    try:
        collect_garbage()
        assert gone() is None
        assert gc.get_freeze_count() > 0
        assert not gc.is_tracked(kept) or kept not in gc.get_objects()
    finally:
        gc.unfreeze()
