"""One entry point for every manifest format: requirements files, pyproject.toml, setup.cfg."""

from __future__ import annotations

from backlint.discovery import FileKind
from backlint.manifests import Manifest
from backlint.sources.pyproject import TomlSyntaxError, parse_pyproject
from backlint.sources.python import SourceProblem
from backlint.sources.requirements import parse_requirements
from backlint.sources.setup_cfg import CfgSyntaxError, parse_setup_cfg


def parse_manifest(kind: FileKind, path: str, text: str) -> Manifest:
    """Parse a manifest of any kind; raises :class:`SourceProblem` when it is unreadable."""
    if kind is FileKind.PYPROJECT:
        try:
            return parse_pyproject(path, text)
        except TomlSyntaxError as error:
            raise SourceProblem(
                f"invalid TOML: {error.message}", error.row, error.column
            ) from None
    if kind is FileKind.SETUP_CFG:
        try:
            return parse_setup_cfg(path, text)
        except CfgSyntaxError as error:
            raise SourceProblem(f"invalid setup.cfg: {error.message}", error.row) from None
    return parse_requirements(path, text)
