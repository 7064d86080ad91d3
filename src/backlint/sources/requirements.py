"""Reading pip requirements files into a :class:`~backlint.manifests.Manifest`.

The reading follows pip's own ``req_file.py``: physical lines ending in ``\\`` are joined, then
comments are stripped, then each logical line is split into requirement arguments and options.
Every character of a logical line remembers where it came from in the file, so spans stay exact
across joined lines. Nothing here touches the file system or the environment: ``-r`` / ``-c``
files are recorded, not read, and ``${VAR}`` references are kept as written.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass, field

from packaging.markers import InvalidMarker, Marker
from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as Pep508Requirement
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename

from backlint.diagnostics import Position
from backlint.manifests import Include, Manifest, ManifestKind, ManifestProblem, Requirement, Span
from backlint.text import LineIndex, newline_of

__all__ = ["parse_requirements"]

# pip's COMMENT_RE: a comment starts at a ``#`` that opens the line or follows whitespace, which
# is why ``https://host/pkg.zip#egg=name`` keeps its fragment.
_COMMENT_RE = re.compile(r"(^|\s+)#.*$")
_TOKEN_RE = re.compile(r"\S+")
_SHLEX_WHITESPACE = " \t\r\n"

# pip's Link._project_name_re: what an ``#egg=`` fragment must look like.
_EGG_RE = re.compile(r"[#&]egg=([^&]*)")
_PROJECT_NAME_RE = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)
_EXTRAS_SUFFIX_RE = re.compile(r"^(.+)(\[[^\]]+\])$")
_URL_WITH_AUTHORITY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

_URL_SCHEMES = frozenset({"http", "https", "file", "ftp"})
_VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+")
_ARCHIVE_SUFFIXES = (
    ".whl",
    ".zip",
    ".tar.gz",
    ".tgz",
    ".tar",
    ".tar.bz2",
    ".tbz",
    ".tar.xz",
    ".txz",
    ".tlz",
    ".tar.lz",
    ".tar.lzma",
)
_STRONG_HASHES = ("sha256", "sha384", "sha512")
_OPERATORS = ("==", "!=", "<=", ">=", "~=", "<", ">")


@dataclass(frozen=True, slots=True)
class _OptionSpec:
    dest: str
    longs: tuple[str, ...]
    shorts: tuple[str, ...] = ()
    # What the option's value is, for "needs ..." messages; None for flags.
    needs: str | None = None


# pip's SUPPORTED_OPTIONS plus SUPPORTED_OPTIONS_REQ, with the aliases pip's parser accepts.
_OPTION_SPECS = (
    _OptionSpec("index_url", ("--index-url", "--pypi-url"), ("-i",), "a URL"),
    _OptionSpec("extra_index_url", ("--extra-index-url",), (), "a URL"),
    _OptionSpec("no_index", ("--no-index",)),
    _OptionSpec("constraint", ("--constraint",), ("-c",), "a file"),
    _OptionSpec("requirement", ("--requirement",), ("-r",), "a file"),
    _OptionSpec("editable", ("--editable",), ("-e",), "a path or URL"),
    _OptionSpec("find_links", ("--find-links",), ("-f",), "a URL or path"),
    _OptionSpec("no_binary", ("--no-binary",), (), "a list of package names"),
    _OptionSpec("only_binary", ("--only-binary",), (), "a list of package names"),
    _OptionSpec("prefer_binary", ("--prefer-binary",)),
    _OptionSpec("require_hashes", ("--require-hashes",)),
    _OptionSpec("no_require_hashes", ("--no-require-hashes",)),
    _OptionSpec("pre", ("--pre",)),
    _OptionSpec("all_releases", ("--all-releases",), (), "a list of package names"),
    _OptionSpec("only_final", ("--only-final",), (), "a list of package names"),
    _OptionSpec("trusted_host", ("--trusted-host",), (), "a host name"),
    _OptionSpec("use_feature", ("--use-feature",), (), "a feature name"),
    _OptionSpec("hash", ("--hash",), (), "a value like `sha256:<digest>`"),
    _OptionSpec("config_settings", ("--config-settings",), ("-C",), "a KEY=VALUE setting"),
)
_LONG_OPTIONS = {name: spec for spec in _OPTION_SPECS for name in spec.longs}
_SHORT_OPTIONS = {name: spec for spec in _OPTION_SPECS for name in spec.shorts}


@dataclass(slots=True)
class _LogicalLine:
    """One line as pip sees it after joining, with the file offset of every character."""

    text: str
    offsets: list[int]


@dataclass(frozen=True, slots=True)
class _Word:
    """A shell word of the options part: its value and its logical ``[start, end)``."""

    value: str
    start: int
    end: int
    # The word was written without quotes or escapes, so value offsets equal text offsets.
    plain: bool


@dataclass(frozen=True, slots=True)
class _Option:
    spec: _OptionSpec
    written: str
    value: str | None
    start: int
    end: int
    value_start: int
    value_end: int


@dataclass(slots=True)
class _ParsedOptions:
    options: list[_Option] = field(default_factory=list)
    error: tuple[str, int, int] | None = None


@dataclass(frozen=True, slots=True)
class _Classified:
    """What a requirement string denotes, before spans are attached."""

    name: str | None
    specifier: str = ""
    extras: tuple[str, ...] = ()
    marker: str | None = None
    url: str | None = None
    # Offset of the written name inside the requirement text, for PEP 508 requirements.
    name_offset: int | None = None
    problem: str | None = None


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.index = LineIndex(text)
        self.requirements: list[Requirement] = []
        self.includes: list[Include] = []
        self.problems: list[ManifestProblem] = []

    # -- positions -----------------------------------------------------------------------

    def span(self, line: _LogicalLine, start: int, end: int) -> Span:
        """The file span of logical characters ``[start, end)``."""
        if end <= start:
            at = self.index.position(line.offsets[start] if start < len(line.offsets) else 0)
            return Span(at, at)
        return Span(
            self.index.position(line.offsets[start]),
            self.index.position(line.offsets[end - 1] + 1),
        )

    def whole_lines(self, line: _LogicalLine) -> Span:
        """The physical lines of a logical line, from its first column to the next line."""
        first = self.index.position(line.offsets[0]).row
        last = self.index.position(line.offsets[-1]).row
        return Span(Position(first, 1), Position(last + 1, 1))

    @staticmethod
    def contiguous(line: _LogicalLine, start: int, end: int) -> bool:
        """Whether logical ``[start, end)`` is one unbroken run of the file's text."""
        return end > start and line.offsets[end - 1] - line.offsets[start] == end - 1 - start

    def problem(self, message: str, span: Span) -> None:
        self.problems.append(ManifestProblem(message, span))

    # -- pre-processing ------------------------------------------------------------------

    def logical_lines(self) -> list[_LogicalLine]:
        """pip's ``join_lines``, keeping every character's file offset."""
        lines: list[_LogicalLine] = []
        chars: list[str] = []
        offsets: list[int] = []
        joining = False
        for row in range(1, self.index.line_count + 1):
            start = self.index.line_start(row)
            line = self.text[start : self.index.line_end(row)]
            is_comment = _COMMENT_RE.match(line) is not None
            if line.endswith("\\") and not is_comment:
                # pip strips backslashes from both ends of a continued line (``str.strip``).
                low, high = 0, len(line)
                while low < high and line[low] == "\\":
                    low += 1
                while high > low and line[high - 1] == "\\":
                    high -= 1
                chars.append(line[low:high])
                offsets.extend(range(start + low, start + high))
                joining = True
                continue
            # A comment line ends a continuation but adds nothing once comments are stripped.
            if not is_comment:
                chars.append(line)
                offsets.extend(range(start, start + len(line)))
            if joining or not is_comment:
                lines.append(_LogicalLine("".join(chars), offsets))
            chars, offsets, joining = [], [], False
        if joining:
            lines.append(_LogicalLine("".join(chars), offsets))
        return lines

    # -- lines ---------------------------------------------------------------------------

    def read(self) -> Manifest:
        for line in self.logical_lines():
            self.read_line(line)
        return Manifest(
            path=self.path,
            kind=ManifestKind.REQUIREMENTS,
            requirements=tuple(self.requirements),
            includes=tuple(self.includes),
            problems=tuple(self.problems),
            end=self.index.position(len(self.text)),
            newline=newline_of(self.text),
            ends_with_newline=self.text == "" or self.text.endswith(("\n", "\r")),
        )

    def read_line(self, line: _LogicalLine) -> None:
        comment = _COMMENT_RE.search(line.text)
        content = line.text[: comment.start()] if comment else line.text
        low = len(content) - len(content.lstrip())
        high = len(content.rstrip())
        if low >= high:
            return
        tokens = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(content, low, high)]
        # pip's break_args_options: arguments run up to the first token that looks like an option.
        split = next(
            (i for i, (start, _) in enumerate(tokens) if content[start] == "-"), len(tokens)
        )
        args = tokens[:split]
        parsed = (
            self.parse_options(content, tokens[split][0], high)
            if split < len(tokens)
            else _ParsedOptions()
        )
        if parsed.error is not None:
            message, start, end = parsed.error
            self.problem(message, self.span(line, start, end))

        if args:
            hashes = tuple(o.value for o in parsed.options if o.spec.dest == "hash" and o.value)
            self.add_requirement(line, content, args, hashes, (low, high))
            return
        editables = [o for o in parsed.options if o.spec.dest == "editable"]
        if editables:
            self.add_editable(line, editables[0], (low, high))
            return
        # pip follows only the first ``-r`` of a line, and a ``-c`` only when there is no ``-r``.
        for dest in ("requirement", "constraint"):
            found = [o for o in parsed.options if o.spec.dest == dest]
            if found:
                self.add_include(line, found[0])
                return

    # -- options -------------------------------------------------------------------------

    def parse_options(self, content: str, start: int, end: int) -> _ParsedOptions:
        """pip hands the options part to ``shlex.split`` and ``optparse``; do the same here."""
        result = _ParsedOptions()
        try:
            words = _shell_words(content, start, end)
        except ValueError as error:
            result.error = (f"cannot split options: {error}", start, end)
            return result
        i = 0
        while i < len(words):
            word = words[i]
            i += 1
            if word.value == "--":
                break
            if word.value.startswith("--"):
                consumed = self.long_option(word, words[i] if i < len(words) else None, result)
            elif word.value.startswith("-") and word.value != "-":
                consumed = self.short_option(word, words[i] if i < len(words) else None, result)
            else:
                # optparse collects stray positional words and pip ignores them.
                continue
            if consumed is None:
                break
            i += consumed
        return result

    def long_option(
        self, word: _Word, following: _Word | None, result: _ParsedOptions
    ) -> int | None:
        """Parse one ``--name[=value]`` word; the count of extra words used, None on error."""
        written, equals, attached = word.value.partition("=")
        spec, error = _match_long(written)
        name_end = word.start + len(written) if word.plain else word.end
        if spec is None:
            result.error = (error or f"unknown option `{written}`", word.start, name_end)
            return None
        if spec.needs is None:
            if equals:
                result.error = (f"option `{written}` takes no value", word.start, word.end)
                return None
            result.options.append(
                _Option(spec, written, None, word.start, word.end, word.end, word.end)
            )
            return 0
        if equals:
            value_start = name_end + 1 if word.plain else word.start
            return self.with_value(spec, written, attached, word, word, value_start, result, 0)
        if following is None:
            result.error = (f"option `{written}` needs {spec.needs}", word.start, word.end)
            return None
        return self.with_value(
            spec, written, following.value, word, following, following.start, result, 1
        )

    def short_option(
        self, word: _Word, following: _Word | None, result: _ParsedOptions
    ) -> int | None:
        """Parse one ``-x[value]`` word (every short option pip accepts takes a value)."""
        written = word.value[:2]
        spec = _SHORT_OPTIONS.get(written)
        if spec is None:
            end = word.start + 2 if word.plain else word.end
            result.error = (f"unknown option `{written}`", word.start, end)
            return None
        attached = word.value[2:]
        if attached:
            value_start = word.start + 2 if word.plain else word.start
            return self.with_value(spec, written, attached, word, word, value_start, result, 0)
        if following is None:
            result.error = (f"option `{written}` needs {spec.needs}", word.start, word.end)
            return None
        return self.with_value(
            spec, written, following.value, word, following, following.start, result, 1
        )

    @staticmethod
    def with_value(
        spec: _OptionSpec,
        written: str,
        value: str,
        word: _Word,
        last: _Word,
        value_start: int,
        result: _ParsedOptions,
        consumed: int,
    ) -> int | None:
        problem = _check_value(spec, written, value)
        if problem is not None:
            result.error = (problem, word.start, last.end)
            return None
        result.options.append(
            _Option(spec, written, value, word.start, last.end, value_start, last.end)
        )
        return consumed

    # -- entries -------------------------------------------------------------------------

    def add_include(self, line: _LogicalLine, option: _Option) -> None:
        target = option.value or ""
        if _looks_like_url(target):
            resolved: str | None = None
        elif os.path.isabs(target):
            resolved = target
        else:
            resolved = os.path.normpath(os.path.join(os.path.dirname(self.path), target))
        self.includes.append(
            Include(
                option=option.written,
                target=target,
                resolved=resolved,
                constraint=option.spec.dest == "constraint",
                span=self.span(line, option.start, option.end),
            )
        )

    def add_requirement(
        self,
        line: _LogicalLine,
        content: str,
        args: list[tuple[int, int]],
        hashes: tuple[str, ...],
        whole: tuple[int, int],
    ) -> None:
        text = " ".join(content[start:end] for start, end in args)
        classified = _classify(text)
        if classified.problem is not None:
            # The value of ``${VAR}`` is unknown here, so such a line cannot be judged.
            if "${" not in text:
                self.problem(classified.problem, self.span(line, *whole))
            return
        start, end = args[0][0], args[-1][1]
        name_span = None
        if classified.name_offset is not None and classified.name is not None:
            # The name is inside the first token, where logical and joined offsets agree.
            name_start = start + classified.name_offset
            name_end = name_start + len(classified.name)
            if name_end <= args[0][1] and self.contiguous(line, name_start, name_end):
                name_span = self.span(line, name_start, name_end)
        self.requirements.append(
            Requirement(
                name=classified.name,
                canonical_name=_canonical(classified.name),
                text=text,
                span=self.span(line, start, end),
                name_span=name_span,
                specifier=classified.specifier,
                extras=classified.extras,
                marker=classified.marker,
                url=classified.url,
                hashes=hashes,
                line_span=self.whole_lines(line),
            )
        )

    def add_editable(self, line: _LogicalLine, option: _Option, whole: tuple[int, int]) -> None:
        target = option.value or ""
        classified = _classify_editable(target)
        span = self.span(line, option.value_start, option.value_end)
        if classified.problem is not None and "${" not in target:
            self.problem(classified.problem, self.span(line, *whole))
        self.requirements.append(
            Requirement(
                name=classified.name,
                canonical_name=_canonical(classified.name),
                text=target,
                span=span,
                name_span=None,
                extras=classified.extras,
                marker=classified.marker,
                url=classified.url,
                editable=True,
            )
        )


def parse_requirements(path: str, text: str) -> Manifest:
    """Read a pip requirements file given as ``text`` the way pip reads it.

    ``path`` names the file (it resolves relative ``-r`` / ``-c`` targets and is copied into the
    manifest); the file system is never consulted. Lines pip would reject become
    :class:`~backlint.manifests.ManifestProblem` entries and the rest of the file is still read.
    """
    return _Reader(path, text).read()


# -- helpers -------------------------------------------------------------------------------


def _canonical(name: str | None) -> str | None:
    return canonicalize_name(name) if name is not None else None


def _shell_words(content: str, start: int, end: int) -> list[_Word]:
    """``shlex.split`` (POSIX mode) of ``content[start:end]``, keeping each word's extent."""
    words: list[_Word] = []
    i = start
    while i < end:
        if content[i] in _SHLEX_WHITESPACE:
            i += 1
            continue
        word_start = i
        value: list[str] = []
        plain = True
        while i < end and content[i] not in _SHLEX_WHITESPACE:
            char = content[i]
            if char == "'":
                plain = False
                close = content.find("'", i + 1, end)
                if close < 0:
                    raise ValueError("no closing quotation")
                value.append(content[i + 1 : close])
                i = close + 1
            elif char == '"':
                plain = False
                i += 1
                while True:
                    if i >= end:
                        raise ValueError("no closing quotation")
                    if content[i] == '"':
                        i += 1
                        break
                    if content[i] == "\\" and i + 1 < end and content[i + 1] in '"\\':
                        value.append(content[i + 1])
                        i += 2
                    else:
                        value.append(content[i])
                        i += 1
            elif char == "\\":
                plain = False
                if i + 1 >= end:
                    raise ValueError("no escaped character")
                value.append(content[i + 1])
                i += 2
            else:
                value.append(char)
                i += 1
        words.append(_Word("".join(value), word_start, i, plain))
    return words


def _match_long(written: str) -> tuple[_OptionSpec | None, str | None]:
    """optparse's long-option lookup, unique prefixes included."""
    spec = _LONG_OPTIONS.get(written)
    if spec is not None:
        return spec, None
    candidates = sorted(name for name in _LONG_OPTIONS if name.startswith(written))
    if len(candidates) == 1:
        return _LONG_OPTIONS[candidates[0]], None
    if candidates:
        listed = ", ".join(f"`{name}`" for name in candidates)
        return None, f"ambiguous option `{written}` (could be {listed})"
    return None, None


def _check_value(spec: _OptionSpec, written: str, value: str) -> str | None:
    """The checks pip's option callbacks make, which reject the whole file when they fail."""
    if spec.dest == "hash":
        algorithm, colon, _ = value.partition(":")
        if not colon:
            return f"`{written}` needs a hash name and a value, like `{written}=sha256:<digest>`"
        if algorithm not in _STRONG_HASHES:
            allowed = ", ".join(_STRONG_HASHES)
            return f"`{written}` accepts {allowed}, not `{algorithm}`"
    elif spec.dest == "config_settings" and "=" not in value:
        return f"`{written}` needs the form KEY=VALUE"
    return None


def _looks_like_url(text: str) -> bool:
    """pip's ``is_url``, widened to any ``scheme://`` and any VCS-prefixed scheme."""
    if _URL_WITH_AUTHORITY_RE.match(text):
        return True
    try:
        scheme = urllib.parse.urlsplit(text).scheme.lower()
    except ValueError:
        return False
    return scheme in _URL_SCHEMES or scheme.startswith(_VCS_PREFIXES)


def _looks_like_path(text: str) -> bool:
    return text.startswith((".", "/", "~")) or "/" in text or "\\" in text


def _is_archive(text: str) -> bool:
    return text.lower().endswith(_ARCHIVE_SUFFIXES)


def _strip_extras(text: str) -> tuple[str, tuple[str, ...]]:
    """pip's ``strip_extras``: ``path[extra1,extra2]`` to the path and the extras."""
    match = _EXTRAS_SUFFIX_RE.match(text)
    if match is None:
        return text, ()
    try:
        extras = Pep508Requirement("placeholder" + match.group(2).lower()).extras
    except InvalidRequirement:
        return text, ()
    return match.group(1), tuple(sorted(extras))


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _egg_name(url: str) -> tuple[str | None, str | None]:
    """The ``#egg=`` project name of a URL or path, or a problem when it is not a name."""
    match = _EGG_RE.search(url)
    if match is None:
        return None, None
    name = match.group(1)
    if not _PROJECT_NAME_RE.match(name):
        return None, f"`#egg={name}` is not a valid project name"
    return name, None


def _wheel_name(location: str) -> tuple[str | None, str, str | None]:
    """Name and ``==version`` pip reads from a wheel file name, or a problem."""
    path = urllib.parse.urlsplit(location).path if _looks_like_url(location) else location
    path = path.split("#", 1)[0]
    filename = urllib.parse.unquote(re.split(r"[/\\]", path)[-1])
    try:
        name, version, _, _ = parse_wheel_filename(filename)
    except InvalidWheelFilename as error:
        return None, "", f"invalid wheel file name: {_first_line(error)}"
    return str(name), f"=={version}", None


def _location_requirement(
    location: str, extras: tuple[str, ...], marker: str | None
) -> _Classified:
    """A URL or local path requirement, named the way pip names it."""
    name, problem = _egg_name(location)
    specifier = ""
    bare = location.split("#", 1)[0].split("?", 1)[0]
    if problem is None and bare.lower().endswith(".whl"):
        name, specifier, problem = _wheel_name(location)
    return _Classified(
        name=name,
        specifier=specifier,
        extras=extras,
        marker=marker,
        url=location,
        problem=problem,
    )


def invalid_requirement_message(text: str, error: Exception) -> str:
    """One line saying what is wrong with a PEP 508 string, with a hint for common slips."""
    reason = _first_line(error)
    message = f"Invalid requirement `{text}`: {reason[:1].lower()}{reason[1:]}"
    for wrong, right in (("=>", ">="), ("=<", "<=")):
        if wrong in text:
            return message + f" (did you mean `{right}`?)"
    if "=" in text and not any(op in text for op in _OPERATORS):
        message += " (`=` is not a version operator; did you mean `==`?)"
    return message


def _classify(text: str) -> _Classified:
    """What pip's ``parse_req_from_line`` makes of a requirement string."""
    is_url = _looks_like_url(text)
    # pip splits off markers itself; a URL needs "; " so that ";" inside it survives.
    separator = "; " if is_url else ";"
    marker: str | None = None
    base = text
    if separator in text:
        base, marker_text = text.split(separator, 1)
        marker_text = marker_text.strip()
        if marker_text:
            try:
                marker = str(Marker(marker_text))
            except InvalidMarker as error:
                return _Classified(None, problem=f"invalid marker: {_first_line(error)}")
    base = base.strip()

    if is_url:
        return _location_requirement(base, (), marker)
    location, extras = _strip_extras(base)
    if _is_archive(location):
        # pip reads ``name @ url-to-archive`` as PEP 508 when the part before ``@`` is no path.
        before_at, at, _ = base.partition("@")
        if not at or _looks_like_path(before_at):
            return _location_requirement(location, extras, marker)
    try:
        requirement = Pep508Requirement(base)
    except InvalidRequirement as error:
        if _looks_like_path(location):
            return _location_requirement(location, extras, marker)
        return _Classified(None, problem=invalid_requirement_message(base, error))
    if requirement.marker is not None:
        marker = str(requirement.marker)
    return _Classified(
        name=requirement.name,
        specifier=str(requirement.specifier),
        extras=tuple(sorted(requirement.extras)),
        marker=marker,
        url=requirement.url,
        # ``text`` starts at its first token and a PEP 508 string starts with its name.
        name_offset=0,
    )


def _classify_editable(target: str) -> _Classified:
    """What pip's ``parse_editable`` makes of an ``-e`` target."""
    try:
        requirement = Pep508Requirement(target)
    except InvalidRequirement:
        requirement = None
    if requirement is not None and requirement.url:
        return _Classified(
            name=requirement.name,
            extras=tuple(sorted(requirement.extras)),
            marker=str(requirement.marker) if requirement.marker is not None else None,
            url=requirement.url,
        )
    if _looks_like_url(target):
        name, problem = _egg_name(target)
        scheme = urllib.parse.urlsplit(target).scheme.lower()
        if problem is None and scheme != "file":
            if not scheme.startswith(_VCS_PREFIXES):
                problem = "`-e` needs a local project path or a VCS URL (like `git+https://...`)"
            elif name is None:
                problem = "`-e` with a VCS URL needs a name: add `#egg=name` or write `name @ url`"
        return _Classified(name=name, url=target, problem=problem)
    location, extras = _strip_extras(target)
    name, problem = _egg_name(location)
    return _Classified(name=name, extras=extras, url=location, problem=problem)
