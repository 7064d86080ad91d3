"""BK106 duplicate-requirement: one distribution declared twice in what one install sees."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping

from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from backlint.diagnostics import Diagnostic, Edit, Fix
from backlint.manifests import Manifest
from backlint.project import ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.dependencies.manifest_sets import Placed, by_path, requirement_sets
from backlint.rules.dependencies.options import requirements_options


def _includes(manifests: Mapping[str, Manifest], upper: str, lower: str) -> bool:
    """Whether ``upper`` pulls in ``lower`` through ``-r``, directly or not."""
    stack, seen = [upper], set()
    while stack:
        path = stack.pop()
        if path in seen or path not in manifests:
            continue
        seen.add(path)
        for include in manifests[path].includes:
            if include.resolved and not include.constraint:
                if include.resolved == lower:
                    return True
                stack.append(include.resolved)
    return False


def _bounds(
    specifier: Specifier,
) -> tuple[tuple[Version, bool] | None, tuple[Version, bool] | None]:
    """(lower, upper) bounds of one clause as (version, inclusive); raises for the rest."""
    operator, version = specifier.operator, specifier.version
    if "*" in version:
        raise ValueError(version)
    value = Version(version)
    if operator in ("==", "==="):
        return (value, True), (value, True)
    if operator == ">=":
        return (value, True), None
    if operator == ">":
        return (value, False), None
    if operator == "<=":
        return None, (value, True)
    if operator == "<":
        return None, (value, False)
    if operator == "~=":
        parts = value.release[:-1] or value.release
        upper = Version(".".join(str(p) for p in (*parts[:-1], parts[-1] + 1)))
        return (value, True), (upper, False)
    raise ValueError(operator)


def contradictory(first: str, second: str) -> bool:
    """Whether no version can satisfy both specifiers (only claimed when certain)."""
    try:
        clauses = list(SpecifierSet(first)) + list(SpecifierSet(second))
        lowers, uppers = [], []
        for clause in clauses:
            lower, upper = _bounds(clause)
            if lower:
                lowers.append(lower)
            if upper:
                uppers.append(upper)
    except (InvalidSpecifier, InvalidVersion, ValueError):
        return False
    if not lowers or not uppers:
        return False
    low = max(lowers, key=lambda b: (b[0], not b[1]))
    high = min(uppers, key=lambda b: (b[0], b[1]))
    return low[0] > high[0] or (low[0] == high[0] and not (low[1] and high[1]))


def _same(a: Placed, b: Placed) -> bool:
    ra, rb = a.requirement, b.requirement
    try:
        same_spec = SpecifierSet(ra.specifier) == SpecifierSet(rb.specifier)
    except InvalidSpecifier:
        same_spec = ra.specifier == rb.specifier
    return same_spec and ra.extras == rb.extras and ra.url == rb.url


class DuplicateRequirement(ProjectRule):
    """
    ## What it does
    Checks for a distribution declared twice in what one install sees: twice in one
    requirements file, in a requirements file and a file it includes with `-r`, or twice in
    one pyproject.toml dependency list. Entries under different environment markers
    (`numpy==1.26; python_version < "3.12"` and `numpy==2.1; python_version >= "3.12"`) are
    not duplicates. Version constraints that no version can satisfy together are named as such.

    ## Why is this bad?
    Seed 001 (Dependencies): "Maintain a clear requirements.txt or pyproject.toml". When the
    same package is listed twice, updating one line leaves the other behind; the installer
    combines both constraints, and contradictory ones make the install fail.

    ## Example
    ```text
    fastapi>=0.110
    httpx>=0.27
    fastapi>=0.110
    ```

    ## Use instead
    ```text
    fastapi>=0.110
    httpx>=0.27
    ```

    ## Fix safety
    An exact duplicate (same name, version constraint, extras and marker) is removed by a safe
    fix: the installer sees the same requirements. When the copies are in two files, the one
    removed is in the file that includes the other, so every install still gets it. Copies that
    differ are reported without a fix: which constraint is right is for a person to decide.
    """

    code = "BK106"
    name = "duplicate-requirement"
    family = "dependencies"
    summary = "Requirement declared twice"
    seed = "001"
    fix_availability = FixAvailability.SOMETIMES

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        options = requirements_options(context)
        manifests = by_path(project.manifests())
        reported: set[tuple[str, int, int]] = set()
        for placed_set in requirement_sets(manifests):
            first_seen: dict[tuple[str, str | None], Placed] = {}
            for placed in placed_set:
                requirement = placed.requirement
                name = requirement.canonical_name
                if name is None or options.ignored(self.code, name):
                    continue
                key = (name, requirement.marker)
                earlier = first_seen.setdefault(key, placed)
                if earlier is placed:
                    continue
                diagnostic = self._compare(earlier, placed, manifests)
                spot = (diagnostic.path, diagnostic.start.row, diagnostic.start.column)
                if spot not in reported:
                    reported.add(spot)
                    yield diagnostic

    def _compare(
        self, earlier: Placed, later: Placed, manifests: Mapping[str, Manifest]
    ) -> Diagnostic:
        name = later.requirement.name
        if _same(earlier, later):
            same_file = earlier.manifest.path == later.manifest.path
            if not same_file and _includes(manifests, earlier.manifest.path, later.manifest.path):
                # Remove the copy in the including file: the included file still brings it.
                target, other = earlier, later
            else:
                target, other = later, earlier
            fix = None
            removable = same_file or target is earlier
            if removable and target.requirement.line_span is not None:
                span = target.requirement.line_span
                fix = Fix.safe(f"Remove the duplicate `{name}`", [Edit(span.start, span.end, "")])
            where = self._where(other, target)
            return self.diagnostic(
                target.manifest.path,
                target.requirement.name_span or target.requirement.span,
                f"`{name}` is declared twice (also {where})",
                fix=fix,
            )
        a, b = earlier.requirement.specifier or "any version", later.requirement.specifier
        b = b or "any version"
        clash = contradictory(earlier.requirement.specifier, later.requirement.specifier)
        tail = ": no version satisfies both" if clash else ""
        return self.diagnostic(
            later.manifest.path,
            later.requirement.name_span or later.requirement.span,
            f"`{name}` is declared twice with different constraints (`{b}` here, `{a}` "
            f"{self._where(earlier, later)}){tail}",
        )

    @staticmethod
    def _where(other: Placed, here: Placed) -> str:
        row = other.requirement.span.start.row
        if other.manifest.path == here.manifest.path:
            return f"on line {row}"
        relative = os.path.relpath(other.manifest.path, os.path.dirname(here.manifest.path))
        return f"in `{relative}` line {row}"
