"""What the editor server knows: the open buffers, their projects, and each project's last check.

The editor's buffers overlay the disk: the engine reads a file through :meth:`State.reader`,
which returns the buffer's text when the file is open and the file's bytes otherwise. Every
project keeps a memo of per-file results across checks, so a change re-parses the edited
buffer only; the project pass then runs again over the facts of every file (the others from
the memo or the result cache), which keeps cross-file rules right while typing.

Threads: the event loop only replaces buffers and bumps :attr:`State.epoch`; everything else
(planning projects, checking, fixing) runs on one worker thread, one call at a time.
"""

from __future__ import annotations

import codecs
import collections
import io
import os
import tokenize
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from backlint.cache import ResultCache
from backlint.config import (
    PROJECT_MARKERS,
    ConfigError,
    LoadedConfig,
    Settings,
    find_config_file,
    load_config,
)
from backlint.diagnostics import Diagnostic
from backlint.discovery import DEFAULT_EXCLUDES, FileKind, SourceFile, classify, discover
from backlint.engine import RunResult, decode_manifest, read_file, run
from backlint.fixes import fix_files
from backlint.project import FileResult
from backlint.registry import RuleSet, family_options, rules_by_code
from backlint.rule import RuleContext
from backlint.server.edits import exact_pattern
from backlint.sources.python import SourceProblem, decode_python
from backlint.workspace import Project, Selection, plan_projects, resolve_rules

CONFIG_NAMES = frozenset({"pyproject.toml", "backlint.toml", ".backlint.toml"})
# A project keyed by a directory holding a project marker but no configuration, or a lone
# file with neither above it; otherwise the key is the configuration file's path.
ROOT, FILE = "root:", "file:"
ERROR, WARNING, INFO = "error", "warning", "info"


def fs_kind(path: str) -> FileKind:
    """How a file's bytes are decoded: Python by its suffix, anything else as a manifest."""
    return FileKind.PYTHON if path.endswith((".py", ".pyi")) else FileKind.REQUIREMENTS


def encode_text(path: str, text: str) -> bytes:
    """A buffer's bytes as they would be saved: a Python file honours its coding cookie."""
    data = text.encode("utf-8", errors="surrogatepass")
    if fs_kind(path) is not FileKind.PYTHON:
        return data
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        return data
    if codecs.lookup(encoding).name == "utf-8":
        return data
    try:
        return text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return data


def decode_text(path: str, data: bytes) -> str:
    """Text as the engine decodes it (positions are counted in it); lenient when it cannot."""
    try:
        if fs_kind(path) is FileKind.PYTHON:
            return decode_python(data)[0]
        return decode_manifest(data)
    except SourceProblem:
        return data.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True, eq=False)
class Buffer:
    """One open document as the editor holds it. Replaced, never changed, on each edit."""

    uri: str
    path: str
    text: str
    version: int | None
    dirty: bool = False  # edited since it was opened or saved

    def data(self) -> bytes:
        return encode_text(self.path, self.text)


class TrackingMemo(dict):
    """The engine's memo, remembering which entries the last check used, so that the
    entries of buffer versions long gone can be dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.touched: set[str] = set()

    def get(self, key, default=None):  # type: ignore[override]
        self.touched.add(key)
        return super().get(key, default)

    def __setitem__(self, key, value) -> None:
        self.touched.add(key)
        super().__setitem__(key, value)

    def prune(self) -> None:
        for key in [k for k in self if k not in self.touched]:
            del self[key]
        self.touched.clear()


class ServerCache(ResultCache):
    """The project's result cache behind its memo; results of unsaved buffers stay in memory."""

    def __init__(
        self, root: str, memo: dict, writable: Callable[[str], bool], enabled: bool
    ) -> None:
        super().__init__(root)
        self.memo = memo
        self.writable = writable
        self.enabled = enabled

    def get(self, key: str) -> FileResult | None:
        hit = self.memo.get(key)
        if hit is None and self.enabled:
            hit = super().get(key)
        return hit

    def put(self, key: str, result: FileResult) -> None:
        if self.enabled and self.writable(result.path):
            super().put(key, result)


@dataclass(frozen=True, slots=True, eq=False)
class Check:
    """One run of the engine over a project, and the buffers it read as they were then."""

    epoch: int
    buffers: dict[str, Buffer]
    owned: frozenset[str]  # paths of the buffers that belong to this project
    files: tuple[SourceFile, ...]
    result: RunResult
    by_path: dict[str, list[Diagnostic]]

    def text(self, path: str) -> str:
        """The text the check saw for ``path`` (for positions and edits)."""
        buffer = self.buffers.get(path)
        if buffer is not None:
            return buffer.text
        try:
            return decode_text(path, read_file(path))
        except OSError:
            return ""


@dataclass(eq=False)
class LintProject:
    """Files sharing one configuration, checked together (see :mod:`backlint.workspace`)."""

    key: str
    config: LoadedConfig
    rules: RuleSet
    files: dict[str, SourceFile]
    memo: TrackingMemo = field(default_factory=TrackingMemo)
    disk_cache: bool = True
    check: Check | None = None
    # Buffers outside the discovered files: checked (a new file) or not (an excluded one).
    extra: dict[str, SourceFile | None] = field(default_factory=dict)
    errors: set[str] = field(default_factory=set)

    @property
    def context(self) -> RuleContext:
        config = self.config
        return RuleContext(
            target_version=config.target_version,
            options=config.families,
            src=tuple(os.path.normpath(os.path.join(config.root, s)) for s in config.settings.src),
        )

    @property
    def per_file_ignores(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.config.settings.per_file_ignores.items()}


def _default_project(key: str, root: str, files: Iterable[SourceFile] = ()) -> LintProject:
    config = LoadedConfig(Settings(), None, root)
    return LintProject(
        key,
        config,
        resolve_rules(config, Selection()),
        {f.path: f for f in files},
        disk_cache=not key.startswith(FILE),
    )


class State:
    """Buffers, projects and checks; see the module's docstring for who calls what."""

    def __init__(self) -> None:
        self.buffers: dict[str, Buffer] = {}
        self.epoch = 0
        self.projects: dict[str, LintProject] = {}
        # (level, message, show to the user) for the event loop to send.
        self.notes: collections.deque[tuple[str, str, bool]] = collections.deque()
        self._replan = False
        self._keys: dict[str, str] = {}
        self._config_files: dict[str, str | None] = {}
        self._marker_roots: dict[str, str | None] = {}
        self._shown: set[str] = set()
        self._memos: dict[str, TrackingMemo] = {}

    # Called on the event loop ----------------------------------------------------------------

    def open(self, uri: str, path: str, text: str, version: int | None) -> None:
        self.buffers[path] = Buffer(uri, path, text, version)

    def change(self, uri: str, path: str, text: str, version: int | None) -> None:
        self.buffers[path] = Buffer(uri, path, text, version, dirty=True)

    def save(self, path: str) -> None:
        buffer = self.buffers.get(path)
        if buffer is not None:
            self.buffers[path] = Buffer(buffer.uri, path, buffer.text, buffer.version)
        self.epoch += 1

    def close(self, path: str) -> None:
        self.buffers.pop(path, None)

    def disk_changed(self, replan: bool) -> None:
        """Files changed on disk; ``replan`` when configuration or the set of files did."""
        self.epoch += 1
        if replan:
            self._replan = True

    # Called on the worker thread -------------------------------------------------------------

    def note(self, level: str, message: str, show: bool = False) -> None:
        self.notes.append((level, message, show))

    def _maybe_replan(self) -> None:
        if not self._replan:
            return
        self._replan = False
        memos = {key: project.memo for key, project in self.projects.items()}
        self.projects.clear()
        self._keys.clear()
        self._config_files.clear()
        self._marker_roots.clear()
        self._shown.clear()
        self._memos = memos

    def _config_file(self, directory: str) -> str | None:
        return find_config_file(directory, self._config_files)

    def _marker_root(self, directory: str) -> str | None:
        if directory not in self._marker_roots:
            parent = os.path.dirname(directory)
            if any(os.path.exists(os.path.join(directory, m)) for m in PROJECT_MARKERS):
                self._marker_roots[directory] = directory
            elif parent == directory:
                self._marker_roots[directory] = None
            else:
                self._marker_roots[directory] = self._marker_root(parent)
        return self._marker_roots[directory]

    def key(self, path: str) -> str:
        """The key of the project ``path`` belongs to."""
        key = self._keys.get(path)
        if key is None:
            directory = os.path.dirname(path)
            config = self._config_file(directory)
            if config is not None:
                key = config
            else:
                root = self._marker_root(directory)
                key = ROOT + root if root is not None else FILE + path
            self._keys[path] = key
        return key

    def project_for(self, path: str) -> LintProject:
        self._maybe_replan()
        key = self.key(path)
        project = self.projects.get(key)
        if project is None:
            project = self._plan(key, path)
        return project

    def _plan(self, key: str, path: str) -> LintProject:
        project: LintProject | None = None
        if key.startswith(FILE):
            project = _default_project(key, os.path.dirname(path))
        else:
            root = key[len(ROOT) :] if key.startswith(ROOT) else os.path.dirname(key)
            planned: list[Project] = []
            try:
                planned = plan_projects([root], Selection())
            except ConfigError as error:
                # Checked with the defaults until the configuration is fixed.
                self._show(str(error))
                project = _default_project(key, root, _discover_default(root))
            except OSError as error:
                self.note(ERROR, f"cannot read the project at {root}: {error}")
            for item in planned:
                item_key = item.config.path or ROOT + item.config.root
                if item_key not in self.projects:
                    self.projects[item_key] = LintProject(
                        item_key,
                        item.config,
                        item.rules,
                        {f.path: f for f in item.files},
                        memo=self._memos.pop(item_key, TrackingMemo()),
                    )
            project = project or self.projects.get(key) or self._empty_project(key, root)
        project.memo = self._memos.pop(key, project.memo)
        self.projects[key] = project
        return project

    def _empty_project(self, key: str, root: str) -> LintProject:
        """A project none of whose files exist on disk yet (only new buffers)."""
        try:
            config = load_config(root, families=family_options(), known_codes=rules_by_code())
        except ConfigError as error:
            self._show(str(error))
            return _default_project(key, root)
        return LintProject(key, config, resolve_rules(config, Selection()), {})

    def _show(self, message: str) -> None:
        if message not in self._shown:
            self._shown.add(message)
            self.note(ERROR, message, show=True)

    def _source_for(self, project: LintProject, path: str) -> SourceFile | None:
        """Whether a buffer outside the project's discovered files is checked, and as what."""
        if path in project.files:
            return project.files[path]
        if path not in project.extra:
            decided: SourceFile | None = None
            kind = classify(path)
            if kind is not None and not os.path.exists(path):
                decided = SourceFile(path, kind, explicit=False)
            elif kind is not None:
                settings = project.config.settings
                try:
                    found = discover(
                        [path],
                        root=project.config.root,
                        exclude=settings.exclude
                        if settings.exclude is not None
                        else DEFAULT_EXCLUDES,
                        extend_exclude=settings.extend_exclude,
                        respect_gitignore=settings.respect_gitignore,
                        force_exclude=True,
                    )
                except OSError:
                    found = []
                decided = SourceFile(path, kind, explicit=False) if found else None
            project.extra[path] = decided
        return project.extra[path]

    def reader(self, buffers: dict[str, Buffer]) -> Callable[[str], bytes]:
        def read(path: str) -> bytes:
            buffer = buffers.get(path)
            return buffer.data() if buffer is not None else read_file(path)

        return read

    def _relevant(
        self, buffers: dict[str, Buffer], project: LintProject, seen: Iterable[str]
    ) -> dict[str, Buffer]:
        seen = set(seen)
        return {p: b for p, b in buffers.items() if p in seen or self.key(p) == project.key}

    def is_fresh(self, project: LintProject) -> bool:
        check = project.check
        if check is None or check.epoch != self.epoch or self._replan:
            return False
        current = self._relevant(dict(self.buffers), project, check.result.files)
        return current.keys() == check.buffers.keys() and all(
            current[p] is check.buffers[p] for p in current
        )

    def check(self, project: LintProject) -> Check:
        """The project's diagnostics for the buffers as they are now (checked if stale)."""
        if self.is_fresh(project) and project.check is not None:
            return project.check
        epoch = self.epoch
        buffers = dict(self.buffers)
        owned = {p for p in buffers if self.key(p) == project.key}
        files = list(project.files.values())
        for path in sorted(owned - project.files.keys()):
            source = self._source_for(project, path)
            if source is not None:
                files.append(source)
        dirty = {p for p, b in buffers.items() if b.dirty}
        cache = ServerCache(
            project.config.root, project.memo, lambda p: p not in dirty, project.disk_cache
        )
        try:
            result = run(
                files,
                rules=project.rules,
                context=project.context,
                root=project.config.root,
                per_file_ignores=project.per_file_ignores,
                read=self.reader(buffers),
                memo=project.memo,
                cache=cache,
                # One process: forking worker processes from this threaded server can hang.
                jobs=1,
            )
        except Exception as error:  # a bug in backlint must not end the server
            self.note(ERROR, f"checking {project.config.root} failed: {error!r}\n" + _trace())
            result = RunResult([], {}, errors=[])
        project.memo.prune()
        self._report(project, result.errors)
        by_path: dict[str, list[Diagnostic]] = {}
        for diagnostic in result.diagnostics:
            by_path.setdefault(diagnostic.path, []).append(diagnostic)
        project.check = Check(
            epoch,
            self._relevant(buffers, project, result.files),
            frozenset(owned),
            tuple(files),
            result,
            by_path,
        )
        return project.check

    def _report(self, project: LintProject, errors: list[str]) -> None:
        """A rule that failed is logged once, until it stops failing."""
        for message in errors:
            if message not in project.errors:
                self.note(ERROR, f"internal error (a bug in backlint): {message}")
        project.errors = set(errors)

    def fix_all(self, project: LintProject, path: str) -> dict[str, tuple[str, str]]:
        """Every safe fix of ``path``'s diagnostics applied in memory: {path: (old, new)}.

        Fixes are applied in rounds with re-checks, as ``backlint check --fix`` does, over
        the whole project (cross-file rules need it); the other files' diagnostics are set
        aside with per-file ignores so that only this document's fixes apply.
        """
        check = self.check(project)
        root = project.config.root
        others = {
            p
            for p, diagnostics in check.by_path.items()
            if p != path and any(d.fix is not None and d.fix.is_safe for d in diagnostics)
        }
        ignores = project.per_file_ignores
        for other in sorted(others):
            relative = os.path.relpath(other, root).replace(os.sep, "/")
            ignores.setdefault(exact_pattern(relative), []).append("ALL")
        outcome = fix_files(
            check.files,
            rules=project.rules,
            context=project.context,
            root=root,
            per_file_ignores=ignores,
            unsafe=False,
            read=self.reader(check.buffers),
            cache=ServerCache(root, project.memo, lambda _p: False, project.disk_cache),
        )
        for message in outcome.rejected:
            self.note(INFO, message)
        changes: dict[str, tuple[str, str]] = {}
        for changed in outcome.changed_paths():
            old = check.text(changed)
            new = decode_text(changed, outcome.fixed[changed])
            if old.startswith("\ufeff") and not new.startswith("\ufeff"):
                new = "\ufeff" + new
            if new != old:
                changes[changed] = (old, new)
        return changes


def _discover_default(root: str) -> list[SourceFile]:
    try:
        return discover([root], root=root)
    except OSError:
        return []


def _trace() -> str:
    return traceback.format_exc()
