"""What ``backlint audit`` shows of the dependencies: the manifests found, what they declare,
and how the declarations meet the third-party imports of the code."""

from __future__ import annotations

import os

from packaging.utils import canonicalize_name

from backlint.audit.model import AuditFact
from backlint.data.import_names import import_name_table, installed_import_names, stdlib_modules
from backlint.manifests import Manifest, ManifestKind
from backlint.project import ProjectFacts
from backlint.rule import RuleContext
from backlint.rules.dependencies.options import requirements_options
from backlint.rules.dependencies.undeclared import (
    Declared,
    FirstParty,
    Resolution,
    declaring_manifests,
    imported_names,
    resolve,
    source_roots,
)

# Past this many names, a list is cut short ("and 12 more").
_LISTED = 12


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


def _relative(path: str, root: str) -> str:
    relative = os.path.relpath(path, root)
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _describe(manifest: Manifest, root: str, constraint_only: bool) -> str:
    declared = [r for r in manifest.requirements if not r.constraint]
    parts = [_plural(len(declared), "requirement")]
    if constraint_only:
        parts = [_plural(len(manifest.requirements), "constraint")]
    if manifest.includes:
        parts.append(_plural(len(manifest.includes), "include"))
    if manifest.kind is ManifestKind.PYPROJECT:
        groups = {r.group for r in manifest.requirements if r.group is not None}
        if groups:
            parts.append(_plural(len(groups), "optional group"))
    return f"{_relative(manifest.path, root)} ({', '.join(parts)})"


def _imports(
    project: ProjectFacts, context: RuleContext, manifests: list[Manifest]
) -> dict[str, Resolution]:
    """Each third-party distribution the code imports, by the name BK104 would suggest."""
    options = requirements_options(context)
    table = import_name_table()
    installed = installed_import_names()
    stdlib = stdlib_modules()
    first_party = FirstParty.of(
        [f.path for f in project.python_files()],
        source_roots(project, context, manifests),
        project.root,
        options.known_first_party,
    )
    found: dict[str, Resolution] = {}
    for file in project.python_files():
        for fact in file.imports:
            if fact.type_checking:
                continue
            for dotted in imported_names(fact, table):
                if dotted.split(".", 1)[0] in stdlib or first_party.contains(dotted, file.path):
                    continue
                resolution = resolve(dotted, table, options.import_map, installed)
                if resolution is not None:
                    found.setdefault(resolution.suggested, resolution)
    return found


def audit(project: ProjectFacts, context: RuleContext) -> list[AuditFact]:
    """Manifests found, requirement counts, and declared against imported distributions."""
    every = sorted(project.manifests(), key=lambda m: m.path)
    declaring = declaring_manifests(every)
    kept = {m.path for m in declaring}
    if not every:
        return [AuditFact("Manifests", "none found (no requirements file nor pyproject.toml)")]
    listed = tuple(
        _describe(m, project.root, m.kind is ManifestKind.REQUIREMENTS and m.path not in kept)
        for m in every
        if m.path in kept or m.kind is ManifestKind.REQUIREMENTS
    )
    facts = [AuditFact("Manifests", _plural(len(listed), "file"), listed)]
    requirements = [r for m in declaring for r in m.requirements if not r.constraint]
    constrained = sum(1 for r in requirements if r.specifier)
    elsewhere = sum(1 for r in requirements if not r.specifier and (r.url or r.editable))
    loose = len(requirements) - constrained - elsewhere
    summary = f"{len(requirements)} declared: {constrained} with a version constraint"
    if elsewhere:
        summary += f", {elsewhere} from a URL or path"
    summary += f", {loose} without"
    facts.append(AuditFact("Requirements", summary))
    if not declaring:
        return facts
    table = import_name_table()
    declared = Declared.of(requirements, table)
    imported = _imports(project, context, declaring)
    missing = sorted(name for name, r in imported.items() if not declared.satisfies(r))
    met = sorted(name for name, r in imported.items() if declared.satisfies(r))
    used = {name for r in imported.values() for name in r.satisfiers}
    names = {r.canonical_name or canonicalize_name(r.name) for r in requirements if r.name}
    unused = sorted(name for name in names if name not in used)
    items = [f"imported and declared: {_listed(met) or 'none'}"]
    if missing:
        items.append(f"imported, not declared: {_listed(missing)}")
    if unused:
        items.append(f"declared, not imported (servers, plugins, tools): {_listed(unused)}")
    facts.append(
        AuditFact(
            "Declared and imported",
            f"{_plural(len(imported), 'third-party distribution')} imported, "
            f"{len(missing)} of them not declared",
            tuple(items),
        )
    )
    return facts
