"""Reading ``setup.cfg``: ``[options] install_requires`` and ``[options.extras_require]``.

setuptools reads these keys with :mod:`configparser`; each line of the (possibly multi-line)
value is one PEP 508 requirement. The file is scanned line by line here so that every
requirement keeps its exact span.
"""

from __future__ import annotations

import configparser
import re

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as Pep508Requirement
from packaging.utils import canonicalize_name

from backlint.diagnostics import Position
from backlint.manifests import Manifest, ManifestKind, ManifestProblem, Requirement, Span
from backlint.sources.requirements import invalid_requirement_message
from backlint.text import LineIndex

_KEY = re.compile(r"^(?P<key>[^=:\s][^=:]*?)\s*[=:]\s*(?P<value>.*)$")
_TRAILING_COMMENT = re.compile(r"\s+[#;].*$")


class CfgSyntaxError(Exception):
    """The file is not valid INI; ``row`` is where configparser gave up."""

    def __init__(self, message: str, row: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


def _group(section: str, key: str) -> str | None:
    if section == "options" and key == "install_requires":
        return "install"
    if section == "options" and key == "tests_require":
        return "tests"
    if section == "options.extras_require":
        return f"extra:{key}"
    return None


def parse_setup_cfg(path: str, text: str) -> Manifest:
    """The requirements a setuptools build reads from ``setup.cfg``, with their spans."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as error:
        row = getattr(error, "lineno", 1) or 1
        message = str(error).splitlines()[0]
        raise CfgSyntaxError(message, row) from None

    index = LineIndex(text)
    requirements: list[Requirement] = []
    problems: list[ManifestProblem] = []
    section = ""
    group: str | None = None
    for row in range(1, index.line_count + 1):
        line = index.line_text(row)
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if not line[0].isspace():
            if stripped.startswith("["):
                section, group = stripped.strip("[]").strip().lower(), None
                continue
            match = _KEY.match(line)
            if match is None:
                group = None
                continue
            group = _group(section, match.group("key").strip().lower())
            value, column = match.group("value"), match.start("value")
        elif group is not None:
            value, column = stripped, len(line) - len(line.lstrip())
        else:
            continue
        if group is None:
            continue
        value = _TRAILING_COMMENT.sub("", value).rstrip()
        if not value:
            continue
        start = Position(row, column + 1)
        span = Span(start, Position(row, column + len(value) + 1))
        try:
            parsed = Pep508Requirement(value)
        except InvalidRequirement as error:
            problems.append(ManifestProblem(invalid_requirement_message(value, error), span))
            continue
        name_span = None
        if value.startswith(parsed.name):
            name_span = Span(start, Position(row, column + len(parsed.name) + 1))
        own_line = line.strip() == value
        requirements.append(
            Requirement(
                name=parsed.name,
                canonical_name=canonicalize_name(parsed.name),
                text=value,
                span=span,
                name_span=name_span,
                specifier=str(parsed.specifier),
                extras=tuple(sorted(parsed.extras)),
                marker=str(parsed.marker) if parsed.marker is not None else None,
                url=parsed.url,
                group=group,
                line_span=Span(Position(row, 1), Position(row + 1, 1)) if own_line else None,
            )
        )
    return Manifest(
        path=path,
        kind=ManifestKind.SETUP_CFG,
        requirements=tuple(requirements),
        problems=tuple(problems),
    )
