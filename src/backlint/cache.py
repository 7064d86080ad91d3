"""The result cache: per-file results kept in ``.backlint_cache/`` at the project root.

An entry is keyed by everything the per-file result depends on: the file's bytes and path,
backlint's version and code (see :func:`code_fingerprint`), the running Python's version (it
decides what ``ast`` can read), and the settings of the rules that actually ran on the file
(see :func:`backlint.engine.file_key`).
Entries are written to a temporary file and renamed into place, so concurrent runs never
see half an entry; a corrupt or unreadable entry is a miss. The cache is bounded: past
``MAX_ENTRIES`` the least recently used entries are removed.

A run on an unchanged tree should not read every file to find its key, so each run's
settings also get a *stamp file*: for every path, the file's size, modification and change
times and inode when it was last read, and the key its bytes had. A file whose stamp still
matches is not read again (ruff trusts modification times in the same way).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile

from backlint import __version__
from backlint.project import FileResult

CACHE_DIR = ".backlint_cache"
MAX_ENTRIES = 50_000
# Stamp and mention files are per run settings (a --select of their own); the most recent
# few are kept.
MAX_STAMP_FILES = 16

Stamp = tuple[int, int, int, int]


def stamp_of(path: str) -> Stamp | None:
    """What tells a file's content has not changed since it was read: size, times, inode."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


@functools.cache
def code_fingerprint() -> str:
    """A digest of backlint's own files (names, sizes, modification times).

    Part of every entry's directory: results computed by other code (an upgrade, or a change
    while developing backlint) are never read back, whatever the version says.
    """
    package = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.blake2b(digest_size=6)
    for folder, directories, names in os.walk(package):
        directories[:] = sorted(d for d in directories if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", ".json", ".bin")):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                relative = os.path.relpath(path, package)
                digest.update(f"{relative}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


class ResultCache:
    """A directory of pickled :class:`FileResult` records, one file per key."""

    def __init__(self, root: str) -> None:
        self.base = os.path.join(root, CACHE_DIR)
        self.directory = os.path.join(self.base, f"{__version__}-{code_fingerprint()}")
        self.hits = 0
        self.writes = 0
        self._ready = False
        self._folders: set[str] = set()
        self._serial = 0

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key)

    def get(self, key: str) -> FileResult | None:
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                result = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
            return None
        if not isinstance(result, FileResult):
            return None
        self.hits += 1
        # Least-recently-used pruning reads modification times.
        with contextlib.suppress(OSError):
            os.utime(path)
        return result

    def put(self, key: str, result: FileResult) -> None:
        temporary = ""
        try:
            self._prepare()
            folder = os.path.join(self.directory, key[:2])
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            # A name no other process uses (pid), created exclusively: a crash leaves at
            # most a stray temporary file, never half an entry under the entry's name.
            self._serial += 1
            temporary = os.path.join(folder, f".tmp-{os.getpid()}-{self._serial}-{key[:8]}")
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self._path(key))
            self.writes += 1
        except OSError:
            # A read-only or full disk makes the cache useless, not the run.
            if temporary:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)

    def stamps(self, salt: str) -> dict[str, tuple[Stamp, str]]:
        """``path -> (stamp, key)`` as the last run with the settings ``salt`` left them."""
        loaded = self._load(self._named("stamps", salt))
        return loaded if isinstance(loaded, dict) else {}

    def save_stamps(self, salt: str, stamps: dict[str, tuple[Stamp, str]]) -> None:
        self._save(self._named("stamps", salt), stamps)

    def mentions(self, salt: str) -> dict[str, tuple[Stamp, frozenset[str]]]:
        """``path -> (stamp, tokens)``: the rules' project tokens each Python file mentioned."""
        loaded = self._load(self._named("mentions", salt))
        return loaded if isinstance(loaded, dict) else {}

    def save_mentions(self, salt: str, mentions: dict[str, tuple[Stamp, frozenset[str]]]) -> None:
        self._save(self._named("mentions", salt), mentions)

    def _named(self, kind: str, salt: str) -> str:
        digest = hashlib.blake2b(salt.encode(), digest_size=10).hexdigest()
        return os.path.join(self.directory, f"{kind}-{digest}")

    def _load(self, path: str) -> object:
        try:
            with open(path, "rb") as handle:
                return pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
            return None

    def _save(self, path: str, value: object) -> None:
        try:
            self._prepare()
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)

    def _prepare(self) -> None:
        if self._ready:
            return
        os.makedirs(self.directory, exist_ok=True)
        ignore = os.path.join(self.base, ".gitignore")
        if not os.path.exists(ignore):
            with contextlib.suppress(OSError), open(ignore, "w", encoding="utf-8") as handle:
                handle.write("# Created by backlint automatically.\n*\n")
        self._ready = True

    def prune(self, max_entries: int = MAX_ENTRIES) -> int:
        """Drop other versions' entries and the least recently used beyond ``max_entries``."""
        removed = 0
        try:
            versions = [e for e in os.scandir(self.base) if e.is_dir()]
        except OSError:
            return 0
        for entry in versions:
            if entry.path != self.directory:
                removed += _remove_tree(entry.path)
        removed += self._prune_stamps()
        entries: list[tuple[float, str]] = []
        try:
            for folder in os.scandir(self.directory):
                if folder.is_dir():
                    for item in os.scandir(folder.path):
                        with contextlib.suppress(OSError):
                            entries.append((item.stat().st_mtime, item.path))
        except OSError:
            return removed
        if len(entries) <= max_entries:
            return removed
        entries.sort()
        for _, path in entries[: len(entries) - int(max_entries * 0.8)]:
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed += 1
        return removed

    def _prune_stamps(self) -> int:
        stamps: list[tuple[float, str]] = []
        with contextlib.suppress(OSError):
            for item in os.scandir(self.directory):
                if item.name.startswith(("stamps-", "mentions-")):
                    with contextlib.suppress(OSError):
                        stamps.append((item.stat().st_mtime, item.path))
        stamps.sort(reverse=True)
        removed = 0
        for _, path in stamps[MAX_STAMP_FILES:]:
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed += 1
        return removed


def _remove_tree(path: str) -> int:
    removed = 0
    for folder, _, names in os.walk(path, topdown=False):
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
                removed += 1
        with contextlib.suppress(OSError):
            os.rmdir(folder)
    return removed
