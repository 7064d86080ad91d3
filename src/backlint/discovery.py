"""Find the files to check under the paths given on the command line.

Discovery follows ruff: directories are walked with the configured exclusions and the
project's ``.gitignore`` files applied, while a file named on the command line is always
checked unless ``force_exclude`` asks for the exclusions to apply to it as well.

Exclude patterns are matched the way ruff matches them. A pattern without a slash is compared
with the basename of every file and directory at any depth; a pattern with a slash is a glob
over the path relative to the project root, where ``*``, ``?`` and ``[...]`` stay within one
path component and ``**`` spans any number of them. A trailing slash limits a pattern to
directories. ``.gitignore`` files are interpreted as described in gitignore(5).
"""

from __future__ import annotations

import enum
import errno
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["DEFAULT_EXCLUDES", "FileKind", "SourceFile", "classify", "discover"]


class FileKind(str, enum.Enum):
    """What a discovered file holds, which decides the checks that run on it."""

    PYTHON = "python"
    REQUIREMENTS = "requirements"
    PYPROJECT = "pyproject"
    SETUP_CFG = "setup.cfg"
    # Listed for project rules (is there a `.env`? an `alembic.ini`?), never read.
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to check.

    ``path`` is absolute and normalised but never resolved through symlinks, so that
    diagnostics name a file the way the user reached it. ``explicit`` is true when the file
    was named on the command line rather than found by walking a directory.
    """

    path: str
    kind: FileKind
    explicit: bool


DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
    ".backlint_cache",
)
"""Directory and file names skipped during a walk unless the user replaces the list."""

_PYTHON_SUFFIXES = frozenset({".py", ".pyi"})
# Files whose presence project rules weigh (environment files, other package managers'
# manifests and lock files, Alembic's configuration); their contents are never read.
_LISTED_NAMES = frozenset(
    {
        ".env",
        "env.example",
        "example.env",
        "sample.env",
        "Pipfile",
        "Pipfile.lock",
        "environment.yml",
        "environment.yaml",
        "poetry.lock",
        "uv.lock",
        "pdm.lock",
        "alembic.ini",
    }
)
_REQUIREMENTS_SUFFIXES = frozenset({".txt", ".in"})
_REQUIREMENTS_DIR = "requirements"


def _kind_for_name(name: str, in_requirements_dir: bool) -> FileKind | None:
    # splitext treats a leading dot as part of the stem, so ".py" alone is not Python source,
    # which is also how ruff reads extensions.
    suffix = os.path.splitext(name)[1]
    if suffix in _PYTHON_SUFFIXES:
        return FileKind.PYTHON
    if name == "pyproject.toml":
        return FileKind.PYPROJECT
    if name == "setup.cfg":
        return FileKind.SETUP_CFG
    if name in _LISTED_NAMES or name.startswith(".env."):
        return FileKind.OTHER
    if suffix in _REQUIREMENTS_SUFFIXES and (
        in_requirements_dir or name.startswith(_REQUIREMENTS_DIR)
    ):
        return FileKind.REQUIREMENTS
    return None


def classify(path: str) -> FileKind | None:
    """Return the kind of file at ``path`` judged by its name, or ``None`` if it is not checked.

    ``*.py`` and ``*.pyi`` are Python; ``pyproject.toml`` is a project file; ``requirements*.txt``,
    ``requirements*.in`` and any ``*.txt`` or ``*.in`` directly inside a directory named
    ``requirements`` are requirements files.
    """
    name = os.path.basename(path)
    parent = os.path.basename(os.path.dirname(path))
    return _kind_for_name(name, parent == _REQUIREMENTS_DIR)


def _explicit_kind(path: str) -> FileKind | None:
    # Naming a file on the command line is a request to check it, so unknown names are read
    # as Python like ruff does, except for two cases where a better reading is obvious.
    kind = classify(path)
    if kind is not None:
        return kind
    name = os.path.basename(path)
    if name.endswith(".txt"):
        return FileKind.REQUIREMENTS
    if name.endswith(".toml"):
        return None
    return FileKind.PYTHON


if os.sep == "/":

    def _posix(path: str) -> str:
        return path

else:

    def _posix(path: str) -> str:
        # Patterns are written with "/" everywhere; match against paths spelled the same way.
        return path.replace(os.sep, "/")


def _dir_prefix(posix_dir: str) -> str:
    return posix_dir if posix_dir.endswith("/") else posix_dir + "/"


def _is_within(path: str, directory: str) -> bool:
    if path == directory:
        return True
    prefix = directory if directory.endswith(os.sep) else directory + os.sep
    return path.startswith(prefix)


# Pattern translation -----------------------------------------------------------------------

_NEVER = "(?!)"

_POSIX_CLASSES = {
    "alnum": "a-zA-Z0-9",
    "alpha": "a-zA-Z",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": " \\t\\n\\r\\f\\v",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
}


def _translate_class(pattern: str, start: int) -> tuple[str, int]:
    """Translate the bracket expression opening at ``start``; return (regex, next index).

    Follows git's wildmatch: ``!`` or ``^`` negates, a leading ``]`` is literal, backslash
    escapes, ``[:name:]`` classes, and ranges. A malformed expression yields a regex that
    never matches, as in git, where such a pattern matches nothing.
    """
    n = len(pattern)
    i = start + 1
    negate = i < n and pattern[i] in "!^"
    if negate:
        i += 1
    items: list[str] = []
    first = True
    while True:
        if i >= n:
            return _NEVER, n
        c = pattern[i]
        if c == "]" and not first:
            i += 1
            break
        first = False
        if c == "[" and pattern.startswith("[:", i):
            end = pattern.find(":]", i + 2)
            if end == -1:
                return _NEVER, n
            members = _POSIX_CLASSES.get(pattern[i + 2 : end])
            if members is None:
                return _NEVER, n
            items.append(members)
            i = end + 2
            continue
        if c == "\\":
            i += 1
            if i >= n:
                return _NEVER, n
            c = pattern[i]
        low = c
        i += 1
        if i + 1 < n and pattern[i] == "-" and pattern[i + 1] != "]":
            high = pattern[i + 1]
            i += 2
            if high == "\\":
                if i >= n:
                    return _NEVER, n
                high = pattern[i]
                i += 1
            # git matches nothing for a reversed range, where re would refuse to compile.
            if low <= high:
                items.append(f"{re.escape(low)}-{re.escape(high)}")
            continue
        items.append(re.escape(low))
    body = "".join(items)
    if negate:
        return f"[^/{body}]", i
    if not body:
        return _NEVER, i
    # A bracket expression never matches the separator, even when a range spans it.
    return f"(?!/)[{body}]", i


def _translate(pattern: str) -> str:
    """Translate a glob with ``/`` separators into the source of an equivalent regex.

    ``*``, ``?`` and bracket expressions stay within one component; ``**`` forms a whole
    component to span any number of them (``**/x``, ``x/**``, ``x/**/y``), and elsewhere acts
    like ``*``. This is git's wildmatch with WM_PATHNAME, shared by both kinds of pattern.
    """
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            j = i
            while j < n and pattern[j] == "*":
                j += 1
            whole_component = (i == 0 or pattern[i - 1] == "/") and (j == n or pattern[j] == "/")
            if j - i >= 2 and whole_component:
                if j == n:
                    out.append(".*")
                    i = j
                else:
                    out.append("(?:.*/)?")
                    i = j + 1
            else:
                out.append("[^/]*")
                i = j
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            regex, i = _translate_class(pattern, i)
            out.append(regex)
        elif c == "\\":
            if i + 1 >= n:
                # git never matches a pattern ending in a lone backslash.
                return _NEVER
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


def _compile_alternatives(sources: Iterable[str]) -> re.Pattern[str] | None:
    sources = list(sources)
    if not sources:
        return None
    return re.compile("|".join(f"(?:{s})" for s in sources), re.DOTALL)


_GLOB_CHARS = frozenset("*?[\\")


# Exclude patterns --------------------------------------------------------------------------


class _Excluder:
    """The ``exclude`` and ``extend_exclude`` patterns, compiled once for the whole walk."""

    __slots__ = ("_dir_names", "_dir_regexes", "_file_names", "_file_regexes")

    def __init__(self, patterns: Iterable[str], root: str) -> None:
        root_prefix = re.escape(_dir_prefix(_posix(root)))
        file_names: set[str] = set()
        dir_names: set[str] = set()
        file_name_globs: list[str] = []
        dir_name_globs: list[str] = []
        file_paths: list[str] = []
        dir_paths: list[str] = []
        for raw in patterns:
            pattern = _posix(raw)
            dir_only = len(pattern) > 1 and pattern.endswith("/")
            pattern = pattern.rstrip("/") if dir_only else pattern
            while pattern.startswith("./"):
                pattern = pattern[2:]
            if not pattern:
                continue
            if "/" not in pattern:
                if _GLOB_CHARS.isdisjoint(pattern):
                    dir_names.add(pattern)
                    if not dir_only:
                        file_names.add(pattern)
                else:
                    regex = _translate(pattern)
                    dir_name_globs.append(regex)
                    if not dir_only:
                        file_name_globs.append(regex)
                continue
            prefix = "" if os.path.isabs(raw) else root_prefix
            regex = prefix + _translate(pattern)
            dir_paths.append(regex)
            if not dir_only:
                file_paths.append(regex)
            if pattern.endswith("/**"):
                # Everything below such a directory is excluded, so the directory itself can
                # be pruned instead of listing it only to drop every entry.
                dir_paths.append(prefix + _translate(pattern[:-3]))
        self._file_names = frozenset(file_names)
        self._dir_names = frozenset(dir_names)
        self._file_regexes = (
            _compile_alternatives(file_name_globs),
            _compile_alternatives(file_paths),
        )
        self._dir_regexes = (
            _compile_alternatives(dir_name_globs),
            _compile_alternatives(dir_paths),
        )

    def excluded(self, name: str, path: str, is_dir: bool) -> bool:
        """Whether the entry ``name`` at absolute ``path`` (``/``-separated) is excluded."""
        if name in (self._dir_names if is_dir else self._file_names):
            return True
        name_regex, path_regex = self._dir_regexes if is_dir else self._file_regexes
        if name_regex is not None and name_regex.fullmatch(name):
            return True
        return path_regex is not None and path_regex.fullmatch(path) is not None


# .gitignore --------------------------------------------------------------------------------


def _trim_trailing_spaces(line: str) -> str:
    # Port of git's trim_trailing_spaces(): only spaces are trimmed, and a backslash protects
    # the character after it.
    last_space = -1
    i = 0
    n = len(line)
    while i < n:
        c = line[i]
        if c == " ":
            if last_space < 0:
                last_space = i
        elif c == "\\":
            i += 1
            if i >= n:
                return line
            last_space = -1
        else:
            last_space = -1
        i += 1
    return line[:last_space] if last_space >= 0 else line


def _parse_gitignore(text: str) -> list[tuple[str, bool, bool]]:
    """Parse ignore-file text into ``(regex over the relative path, negated, dir_only)``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    rules: list[tuple[str, bool, bool]] = []
    for raw in text.split("\n"):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line or line.startswith("#"):
            continue
        line = _trim_trailing_spaces(line)
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        dir_only = line.endswith("/")
        if dir_only:
            line = line[:-1]
        if not line:
            continue
        if "/" in line:
            # A slash at the start or in the middle ties the pattern to the ignore file's
            # directory; the leading one is only that marker.
            regex = _translate(line[1:] if line.startswith("/") else line)
        else:
            regex = "(?:.*/)?" + _translate(line)
        rules.append((regex, negated, dir_only))
    return rules


class _IgnoreLevel:
    """The rules of one ignore file, applying to paths under ``base``."""

    __slots__ = ("_base_len", "_dir_negated", "_dir_regex", "_file_negated", "_file_regex")

    def __init__(self, base: str, rules: Sequence[tuple[str, bool, bool]]) -> None:
        self._base_len = len(_dir_prefix(_posix(base)))
        # Alternatives are tried left to right, so reversing the file puts the last matching
        # line first, and that is the line git obeys. Each rule gets one capturing group so
        # that lastindex tells which rule matched.
        ordered = list(reversed(rules))
        self._dir_regex, self._dir_negated = self._compile(ordered)
        file_rules = [rule for rule in ordered if not rule[2]]
        if len(file_rules) == len(ordered):
            self._file_regex, self._file_negated = self._dir_regex, self._dir_negated
        else:
            self._file_regex, self._file_negated = self._compile(file_rules)

    @staticmethod
    def _compile(
        rules: Sequence[tuple[str, bool, bool]],
    ) -> tuple[re.Pattern[str] | None, tuple[bool, ...]]:
        if not rules:
            return None, ()
        regex = re.compile("|".join(f"({source})" for source, _, _ in rules), re.DOTALL)
        return regex, tuple(negated for _, negated, _ in rules)

    def match(self, path: str, is_dir: bool) -> bool | None:
        """``True`` if ignored, ``False`` if re-included, ``None`` if no rule matches."""
        if is_dir:
            regex, negated = self._dir_regex, self._dir_negated
        else:
            regex, negated = self._file_regex, self._file_negated
        if regex is None:
            return None
        m = regex.fullmatch(path, self._base_len)
        if m is None or m.lastindex is None:
            return None
        return not negated[m.lastindex - 1]


_Levels = tuple[_IgnoreLevel, ...]


def _is_ignored(levels: _Levels, path: str, is_dir: bool) -> bool:
    # Deeper ignore files come later in ``levels`` and take precedence.
    for level in reversed(levels):
        verdict = level.match(path, is_dir)
        if verdict is not None:
            return verdict
    return False


def _find_repository(directory: str) -> str | None:
    current = directory
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _ancestors(path: str, top: str) -> list[str]:
    """Directories from ``top`` down to the parent of ``path``, which lies strictly below it."""
    chain: list[str] = []
    current = path
    while current != top:
        parent = os.path.dirname(current)
        if parent == current:
            break
        chain.append(parent)
        current = parent
    chain.reverse()
    return chain


# Walking -----------------------------------------------------------------------------------


class _Walker:
    """Shared state of one discovery run: compiled patterns, loaded ignore files, visits."""

    def __init__(self, root: str, patterns: Iterable[str], respect_gitignore: bool) -> None:
        self._root = root
        self._excluder = _Excluder(patterns, root)
        self._respect_gitignore = respect_gitignore
        self._ignore_files: dict[str, _IgnoreLevel | None] = {}
        self._visited: set[str] = set()
        repository = _find_repository(root) if respect_gitignore else None
        # Without a repository the project root is where ignore files start to count.
        self._root_top = repository or root
        self._root_info = self._info_exclude(repository)

    def _load(self, path: str, base: str) -> _IgnoreLevel | None:
        if path in self._ignore_files:
            return self._ignore_files[path]
        level = None
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            pass
        else:
            rules = _parse_gitignore(data.decode("utf-8", errors="surrogateescape"))
            if rules:
                level = _IgnoreLevel(base, rules)
        self._ignore_files[path] = level
        return level

    def _gitignore(self, directory: str) -> _IgnoreLevel | None:
        return self._load(os.path.join(directory, ".gitignore"), directory)

    def _info_exclude(self, repository: str | None) -> _Levels:
        if repository is None:
            return ()
        level = self._load(os.path.join(repository, ".git", "info", "exclude"), repository)
        return (level,) if level is not None else ()

    def _top(self, path: str) -> tuple[str, _Levels]:
        """The directory where ignore files start to apply for ``path``, and its base rules."""
        if _is_within(path, self._root_top):
            return self._root_top, self._root_info
        # A path outside the project is governed by its own repository, if it has one.
        repository = _find_repository(path)
        if repository is None:
            return path, ()
        return repository, self._info_exclude(repository)

    def _extend(self, levels: _Levels, directory: str) -> _Levels:
        own = self._gitignore(directory)
        return levels if own is None else (*levels, own)

    def _inherited(self, directory: str) -> _Levels:
        """Ignore rules from above ``directory`` that apply to its entries."""
        if not self._respect_gitignore:
            return ()
        top, levels = self._top(directory)
        for ancestor in _ancestors(directory, top):
            levels = self._extend(levels, ancestor)
        return levels

    def is_excluded(self, path: str, is_dir: bool) -> bool:
        """Whether ``path`` or a directory above it (below the root) is excluded or ignored."""
        # Exclude patterns describe what lies below the root, so neither the root nor the
        # directories above it are tested; outside the root only the path itself is.
        chain: list[tuple[str, bool]] = []
        if path != self._root:
            chain.append((path, is_dir))
            if _is_within(path, self._root):
                chain.extend((ancestor, True) for ancestor in _ancestors(path, self._root)[1:])
        for entry, entry_is_dir in chain:
            if self._excluder.excluded(os.path.basename(entry), _posix(entry), entry_is_dir):
                return True
        if not self._respect_gitignore:
            return False
        top, levels = self._top(path)
        if path == top:
            return False
        # git never looks inside an ignored directory, so each ancestor is tested on the way
        # down with only the rules above it, and the first ignored one settles the answer.
        ancestors = _ancestors(path, top)
        for ancestor, child in zip(ancestors, [*ancestors[1:], path], strict=True):
            levels = self._extend(levels, ancestor)
            if _is_ignored(levels, _posix(child), child != path or is_dir):
                return True
        return False

    def walk(self, start: str, found: dict[str, SourceFile]) -> None:
        """Add the files below directory ``start`` to ``found``, keyed by path."""
        excluded = self._excluder.excluded
        respect_gitignore = self._respect_gitignore
        stack: list[tuple[str, _Levels]] = [(start, self._inherited(start))]
        while stack:
            directory, levels = stack.pop()
            # The entries of a directory do not depend on where the walk began, so one that
            # was already listed (e.g. ``src`` after ``.``) has nothing new to give.
            if directory in self._visited:
                continue
            self._visited.add(directory)
            try:
                with os.scandir(directory) as iterator:
                    entries = list(iterator)
            except OSError:
                continue
            if respect_gitignore and any(entry.name == ".gitignore" for entry in entries):
                levels = self._extend(levels, directory)
            in_requirements_dir = os.path.basename(directory) == _REQUIREMENTS_DIR
            for entry in entries:
                name = entry.name
                kind: FileKind | None = None
                try:
                    # Symlinked directories are never entered, which rules out cycles;
                    # symlinked files are followed to learn that they are files.
                    if entry.is_dir(follow_symlinks=False):
                        is_dir = True
                    elif entry.is_file():
                        is_dir = False
                        kind = _kind_for_name(name, in_requirements_dir)
                        if kind is None:
                            continue
                    else:
                        continue
                except OSError:
                    continue
                path = entry.path
                posix_path = _posix(path)
                if excluded(name, posix_path, is_dir):
                    continue
                if levels and _is_ignored(levels, posix_path, is_dir):
                    continue
                if is_dir:
                    stack.append((path, levels))
                elif kind is not None and path not in found:
                    found[path] = SourceFile(path, kind, explicit=False)


def discover(
    paths: Sequence[str],
    *,
    root: str,
    exclude: Sequence[str] = DEFAULT_EXCLUDES,
    extend_exclude: Sequence[str] = (),
    respect_gitignore: bool = True,
    force_exclude: bool = False,
) -> list[SourceFile]:
    """Return the files to check under ``paths``, sorted by path and without duplicates.

    ``root`` is the project root against which exclude patterns with a slash are matched.
    Directories are walked without following symlinked subdirectories; everything below them
    is subject to ``exclude``, ``extend_exclude`` and, if ``respect_gitignore``, the
    ``.gitignore`` files of the project and its repository and ``.git/info/exclude``. A path
    given directly is exempt from all of those unless ``force_exclude`` is set. Unreadable
    directories are skipped.

    Raises:
        FileNotFoundError: a path does not exist; its ``filename`` is the path as given.
    """
    root = os.path.abspath(root)
    # Every path is checked before any walking so that a typo fails fast and alone.
    targets: list[tuple[str, bool]] = []
    for given in paths:
        path = os.path.abspath(given)
        try:
            mode = os.stat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), given) from None
        except OSError:
            # Present but not accessible: as with an unreadable directory, nothing to check.
            continue
        targets.append((path, stat.S_ISDIR(mode)))

    walker = _Walker(root, [*exclude, *extend_exclude], respect_gitignore)
    found: dict[str, SourceFile] = {}
    for path, is_dir in targets:
        if force_exclude and walker.is_excluded(path, is_dir):
            continue
        if is_dir:
            walker.walk(path, found)
            continue
        kind = _explicit_kind(path)
        if kind is not None:
            # Naming a file outranks finding it in a walk, whichever happened first.
            found[path] = SourceFile(path, kind, explicit=True)
    return sorted(found.values(), key=lambda source: source.path)
