"""The language server protocol side: pygls handlers, diagnostics, code actions.

Diagnostics go out on open, on change and on save. A client that can pull them
(``textDocument/diagnostic``, LSP 3.17) asks for them; to any other they are pushed
(``textDocument/publishDiagnostics``). A change made after a pause is checked at once; a burst
of changes is checked when it pauses for :data:`DEBOUNCE` seconds.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import FeatureRequestError
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from backlint import __version__
from backlint.diagnostics import Diagnostic, Edit, Severity
from backlint.discovery import FileKind
from backlint.engine import use_incremental_parsing
from backlint.fixes import still_valid
from backlint.rules.meta import UnreadableFile, UnusedSuppression
from backlint.server.edits import diff_edits, disable_edit
from backlint.server.positions import UTF16, Positions
from backlint.server.state import CONFIG_NAMES, ERROR, INFO, WARNING, Check, State
from backlint.text import apply_edits

logger = logging.getLogger("backlint.server")

NAME = "backlint"
DEBOUNCE = 0.2
FIX_ALL = "source.fixAll.backlint"
FIX_ALL_TITLE = "backlint: Fix all auto-fixable problems"
CAN_RESOLVE = "text_document.code_action.resolve_support.properties"
# Files whose creation, deletion or change can change what is checked, or how.
WATCHED = (
    "**/pyproject.toml",
    "**/backlint.toml",
    "**/.backlint.toml",
    "**/setup.cfg",
    "**/.gitignore",
    "**/*.py",
    "**/*.pyi",
    "**/requirements*.txt",
    "**/requirements*.in",
    "**/requirements/*.txt",
    "**/requirements/*.in",
)
_LEVELS = {
    ERROR: types.MessageType.Error,
    WARNING: types.MessageType.Warning,
    INFO: types.MessageType.Info,
}
T = TypeVar("T")


def path_of(uri: str) -> str | None:
    """The normalised file system path of a ``file:`` URI (``None`` for other schemes)."""
    path = to_fs_path(uri)
    if path is None or not uri.startswith("file:"):
        return None
    return os.path.normpath(os.path.abspath(path))


def _get(value: Any, dotted: str) -> Any:
    for name in dotted.split("."):
        if value is None:
            return None
        value = getattr(value, name, None)
    return value


def result_id(items: list[types.Diagnostic]) -> str:
    return hashlib.blake2b(repr(items).encode(), digest_size=12).hexdigest()


def lsp_diagnostic(diagnostic: Diagnostic, positions: Positions) -> types.Diagnostic:
    message = diagnostic.message
    if diagnostic.help:
        message += f"\n{diagnostic.help}"
    return types.Diagnostic(
        range=positions.range(diagnostic.start, diagnostic.end),
        message=message,
        severity=types.DiagnosticSeverity.Error
        if diagnostic.severity is Severity.ERROR
        else types.DiagnosticSeverity.Warning,
        code=diagnostic.code,
        source=NAME,
        tags=[types.DiagnosticTag.Unnecessary]
        if diagnostic.code == UnusedSuppression.code
        else None,
    )


def _kind_wanted(kind: str, only: list[str] | None) -> bool:
    return only is None or any(kind == k or kind.startswith(k + ".") for k in only)


def _overlaps(diagnostic: Diagnostic, start: Any, end: Any) -> bool:
    return diagnostic.start <= end and start <= diagnostic.end


class BacklintServer(LanguageServer):
    """pygls keeps the documents; :class:`State` the projects and checks."""

    def __init__(self, debounce: float = DEBOUNCE) -> None:
        super().__init__(
            NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.state = State()
        self.debounce = debounce
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="backlint-check")
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._last_change: dict[str, float] = {}
        self._published: dict[str, tuple[int | None, list[types.Diagnostic]]] = {}
        self._pulled: dict[str, str] = {}
        self._tasks: set[asyncio.Future[Any]] = set()
        self._idle: asyncio.TimerHandle | None = None

    # Client capabilities -------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(encoding.value if hasattr(encoding, "value") else encoding or UTF16)

    @property
    def pulls(self) -> bool:
        return _get(self.client_capabilities, "text_document.diagnostic") is not None

    def _supports(self, dotted: str) -> bool:
        return bool(_get(self.client_capabilities, dotted))

    # Messages -------------------------------------------------------------------------------

    def log(self, level: str, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=_LEVELS[level], message=message))

    def flush_notes(self) -> None:
        while self.state.notes:
            level, message, show = self.state.notes.popleft()
            self.log(level, message)
            if show:
                self.window_show_message(
                    types.ShowMessageParams(type=_LEVELS[level], message=f"backlint: {message}")
                )

    def report_server_error(self, error: Exception, source: Any) -> None:
        # A failed request already carries its error; anything else (unreadable input, a
        # failing notification handler) goes to the log, never ends the server.
        if source is FeatureRequestError:
            return
        self.log(ERROR, f"{type(error).__name__}: {error}")

    async def in_worker(self, function: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.worker, function, *args)
        finally:
            self.flush_notes()

    # Scheduling ------------------------------------------------------------------------------

    def schedule(self, path: str, *, typing: bool = False) -> None:
        """Check ``path``'s project soon: at once, unless typing goes on without a pause."""
        loop = asyncio.get_running_loop()
        delay = 0.0
        if typing:
            now = loop.time()
            last = self._last_change.get(path)
            self._last_change[path] = now
            if last is not None and now - last < self.debounce:
                delay = self.debounce
        timer = self._timers.pop(path, None)
        if timer is not None:
            timer.cancel()
        if self._idle is not None:
            self._idle.cancel()  # typing goes on: not the time to collect garbage
            self._idle = None
        self._timers[path] = loop.call_later(delay, self._fire, path)

    def schedule_all(self) -> None:
        for path in list(self.state.buffers):
            self.schedule(path)

    def _fire(self, path: str) -> None:
        self._timers.pop(path, None)
        task = asyncio.ensure_future(self._check_and_deliver(path))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _check_and_deliver(self, path: str) -> None:
        try:
            deliveries = await self.in_worker(self._deliveries, path, self.encoding)
        except Exception as error:  # pragma: no cover - _deliveries catches its own
            self.log(ERROR, f"checking {path} failed: {error!r}")
            return
        self._deliver(deliveries)
        # Collect garbage once the person has paused, not in the middle of a check.
        loop = asyncio.get_running_loop()
        if self._idle is not None:
            self._idle.cancel()
        self._idle = loop.call_later(IDLE_COLLECTION, self._collect_when_idle)

    def _collect_when_idle(self) -> None:
        self._idle = None
        if not self._timers:
            self.worker.submit(collect_garbage)

    def _deliveries(
        self, path: str, encoding: str
    ) -> list[tuple[str, str, int | None, list[types.Diagnostic]]]:
        """(path, uri, version, diagnostics) of every open document of ``path``'s project."""
        try:
            project = self.state.project_for(path)
            check = self.state.check(project)
            out = []
            for owned in sorted(check.owned):
                buffer = check.buffers[owned]
                items = self._items(check, owned, encoding)
                out.append((owned, buffer.uri, buffer.version, items))
            return out
        except Exception as error:  # a bug in backlint must not end the server
            logger.exception("checking %s failed", path)
            self.state.note(ERROR, f"checking {path} failed: {error!r}")
            return []

    def _items(self, check: Check, path: str, encoding: str) -> list[types.Diagnostic]:
        diagnostics = check.by_path.get(path, [])
        if not diagnostics:
            return []
        positions = Positions(check.text(path), encoding)
        return [lsp_diagnostic(d, positions) for d in diagnostics]

    def _deliver(self, deliveries: Iterable[tuple[str, str, int | None, list]]) -> None:
        refresh = False
        for path, uri, version, items in deliveries:
            if path not in self.state.buffers:
                continue  # closed meanwhile
            if self.pulls:
                pulled = self._pulled.get(uri)
                refresh = refresh or (pulled is not None and pulled != result_id(items))
            elif self._published.get(uri) != (version, items):
                self._published[uri] = (version, items)
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=items)
                )
        if refresh and self._supports("workspace.diagnostics.refresh_support"):
            self.workspace_diagnostic_refresh(None)

    # Document events --------------------------------------------------------------------------

    def opened(self, uri: str, text: str, version: int | None) -> None:
        path = path_of(uri)
        if path is not None:
            self.state.open(uri, path, text, version)
            self.schedule(path)

    def changed(self, uri: str) -> None:
        path = path_of(uri)
        if path is None:
            return
        document = self.workspace.get_text_document(uri)
        self.state.change(uri, path, document.source, document.version)
        self.schedule(path, typing=True)

    def saved(self, uri: str) -> None:
        path = path_of(uri)
        if path is None:
            return
        self.state.save(path)
        if os.path.basename(path) in CONFIG_NAMES:
            self.state.disk_changed(replan=True)
            self.schedule_all()
        else:
            self.schedule(path)

    def closed(self, uri: str) -> None:
        path = path_of(uri)
        if path is None:
            return
        timer = self._timers.pop(path, None)
        if timer is not None:
            timer.cancel()
        self.state.close(path)
        self._pulled.pop(uri, None)
        if self._published.pop(uri, None) is not None:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )
        # The buffer is gone: the disk's text counts again for the rest of the project.
        self.schedule_all()

    def files_changed(self, changes: Iterable[types.FileEvent]) -> None:
        replan = False
        for change in changes:
            path = path_of(change.uri) or ""
            name = os.path.basename(path)
            if (
                name in CONFIG_NAMES
                or name in ("setup.cfg", ".gitignore")
                or change.type != types.FileChangeType.Changed
            ):
                replan = True
        self.state.disk_changed(replan=replan)
        self.schedule_all()

    # Requests -------------------------------------------------------------------------------

    async def pull(self, uri: str, previous: str | None) -> types.DocumentDiagnosticReport:
        path = path_of(uri)
        items: list[types.Diagnostic] = []
        if path is not None:
            items = await self.in_worker(self._pull_items, path, self.encoding)
        rid = result_id(items)
        self._pulled[uri] = rid
        if previous == rid:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=rid)
        return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=rid)

    def _pull_items(self, path: str, encoding: str) -> list[types.Diagnostic]:
        try:
            check = self.state.check(self.state.project_for(path))
            return self._items(check, path, encoding)
        except Exception as error:  # a bug in backlint must not end the server
            logger.exception("checking %s failed", path)
            self.state.note(ERROR, f"checking {path} failed: {error!r}")
            return []

    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        path = path_of(params.text_document.uri)
        if path is None:
            return []
        return await self.in_worker(self._code_actions, path, params, self.encoding)

    def _code_actions(
        self, path: str, params: types.CodeActionParams, encoding: str
    ) -> list[types.CodeAction]:
        try:
            return self._build_actions(path, params, encoding)
        except Exception as error:  # a bug in backlint must not end the server
            logger.exception("code actions for %s failed", path)
            self.state.note(ERROR, f"code actions for {path} failed: {error!r}")
            return []

    def _build_actions(
        self, path: str, params: types.CodeActionParams, encoding: str
    ) -> list[types.CodeAction]:
        only = [str(k) for k in params.context.only] if params.context.only else None
        project = self.state.project_for(path)
        check = self.state.check(project)
        here = Positions(check.text(path), encoding)
        start = here.from_lsp(params.range.start)
        end = here.from_lsp(params.range.end)
        diagnostics = check.by_path.get(path, [])
        actions: list[types.CodeAction] = []
        texts: dict[str, Positions] = {path: here}

        def positions(of: str) -> Positions:
            if of not in texts:
                texts[of] = Positions(check.text(of), encoding)
            return texts[of]

        quick = _kind_wanted(types.CodeActionKind.QuickFix, only)
        touched = [d for d in diagnostics if _overlaps(d, start, end)]
        for diagnostic in touched if quick else ():
            lsp = lsp_diagnostic(diagnostic, here)
            fix = diagnostic.fix
            if fix is not None:
                grouped: dict[str, list[types.TextEdit]] = defaultdict(list)
                for edit in fix.edits:
                    target = edit.path or diagnostic.path
                    grouped[target].append(_text_edit(edit, positions(target)))
                title = f"backlint ({diagnostic.code}): {fix.message}"
                actions.append(
                    types.CodeAction(
                        title=title if fix.is_safe else f"{title} (unsafe)",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp],
                        is_preferred=fix.is_safe,
                        edit=self._workspace_edit(grouped, check),
                    )
                )
            disable = self._disable_edit(check, diagnostic)
            if disable is not None:
                actions.append(
                    types.CodeAction(
                        title=f"backlint ({diagnostic.code}): Disable {diagnostic.code} "
                        "for this line",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp],
                        edit=self._workspace_edit({path: [_text_edit(disable, here)]}, check),
                    )
                )

        if not any(d.fix is not None and d.fix.is_safe for d in diagnostics):
            return actions
        if only is not None and _kind_wanted(FIX_ALL, only):
            # Asked for by kind (fix on save, the source action menu): computed now.
            action = self._fix_all_action(path, encoding)
            if action is not None:
                actions.append(action)
        elif (
            only is None
            and any(d.fix is not None and d.fix.is_safe for d in touched)
            and "edit" in (_get(self.client_capabilities, CAN_RESOLVE) or ())
        ):
            # Beside the quick fixes under the cursor: computed if chosen (codeAction/resolve).
            actions.append(
                types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL, data={"path": path})
            )
        return actions

    def _fix_all_action(self, path: str, encoding: str) -> types.CodeAction | None:
        project = self.state.project_for(path)
        check = self.state.check(project)
        changes = self.state.fix_all(project, path)
        if not changes:
            return None
        grouped = {}
        for changed, (old, new) in changes.items():
            positions = Positions(old, encoding)
            grouped[changed] = [
                types.TextEdit(range=positions.offset_range(start, end), new_text=content)
                for start, end, content in diff_edits(old, new)
            ]
        return types.CodeAction(
            title=FIX_ALL_TITLE, kind=FIX_ALL, edit=self._workspace_edit(grouped, check)
        )

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        path = action.data.get("path") if isinstance(action.data, dict) else None
        if action.kind != FIX_ALL or not isinstance(path, str):
            return action
        resolved = await self.in_worker(self._resolve_fix_all, path, self.encoding)
        if resolved is not None:
            action.edit = resolved.edit
        return action

    def _resolve_fix_all(self, path: str, encoding: str) -> types.CodeAction | None:
        try:
            return self._fix_all_action(path, encoding)
        except Exception as error:  # a bug in backlint must not end the server
            logger.exception("fixing %s failed", path)
            self.state.note(ERROR, f"fixing {path} failed: {error!r}")
            return None

    def _disable_edit(self, check: Check, diagnostic: Diagnostic) -> Edit | None:
        result = check.result.files.get(diagnostic.path)
        if result is None or not result.readable or diagnostic.code == UnreadableFile.code:
            return None
        text = check.text(diagnostic.path)
        edit = disable_edit(
            result.kind, text, result.suppressions, diagnostic.start.row, diagnostic.code
        )
        if edit is None or result.kind is FileKind.PYTHON:
            return edit
        after = apply_edits(text, [edit])
        return edit if still_valid(result.kind, diagnostic.path, text, after) else None

    def _workspace_edit(
        self, grouped: dict[str, list[types.TextEdit]], check: Check
    ) -> types.WorkspaceEdit:
        def uri(path: str) -> str:
            buffer = self.state.buffers.get(path) or check.buffers.get(path)
            return buffer.uri if buffer is not None else from_fs_path(path) or path

        if self._supports("workspace.workspace_edit.document_changes"):
            changes = []
            for path, edits in grouped.items():
                buffer = check.buffers.get(path)
                changes.append(
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(
                            uri=uri(path), version=buffer.version if buffer else None
                        ),
                        edits=list(edits),
                    )
                )
            return types.WorkspaceEdit(document_changes=changes)
        return types.WorkspaceEdit(changes={uri(p): list(e) for p, e in grouped.items()})

    def register_watchers(self) -> None:
        if not self._supports("workspace.did_change_watched_files.dynamic_registration"):
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        )
        self.client_register_capability(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="backlint-watched-files",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=options,
                    )
                ]
            )
        )

    def stop_worker(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        self.worker.shutdown(wait=False, cancel_futures=True)


def _text_edit(edit: Edit, positions: Positions) -> types.TextEdit:
    return types.TextEdit(range=positions.range(edit.start, edit.end), new_text=edit.content)


def create_server(debounce: float = DEBOUNCE) -> BacklintServer:
    """A server with every handler registered (not started)."""
    server = BacklintServer(debounce)

    @server.feature(types.INITIALIZED)
    def initialized(ls: BacklintServer, params: types.InitializedParams) -> None:
        ls.register_watchers()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: BacklintServer, params: None) -> None:
        ls.stop_worker()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: BacklintServer, params: types.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        ls.opened(document.uri, document.text, document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: BacklintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: BacklintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.saved(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: BacklintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: BacklintServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        ls.files_changed(params.changes)

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=NAME, inter_file_dependencies=True, workspace_diagnostics=False
        ),
    )
    async def diagnostic(
        ls: BacklintServer, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        return await ls.pull(params.text_document.uri, params.previous_result_id)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=True
        ),
    )
    async def code_action(
        ls: BacklintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        return await ls.code_actions(params)

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(
        ls: BacklintServer, params: types.CodeAction
    ) -> types.CodeAction:
        return await ls.resolve(params)

    return server


# Seconds without a change after which the server collects garbage.
IDLE_COLLECTION = 2.0


def collect_garbage() -> None:
    """A full collection, then everything alive frozen: the next checks' collections skip
    the kept parse trees, whose full walks would stall a check (a few hundred ms on a
    3,000-line file). Frozen objects are thawed first, so nothing is ever left uncollected."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def main() -> int:
    """``backlint server``: serve LSP over stdin and stdout until the client says exit."""
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="backlint server: %(message)s"
    )
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # Anything printed by mistake must not corrupt the protocol stream.
    sys.stdout = sys.stderr
    # A file being edited is parsed again only where it changed.
    use_incremental_parsing()
    # The kept pieces are many long-lived objects: full collections that walk them all would
    # stall a check now and then, so they happen only when the person pauses
    # (collect_garbage), never on their own.
    gc.freeze()
    gc.set_threshold(50_000, 20, 1_000_000)
    create_server().start_io(stdin, stdout)
    return 0
