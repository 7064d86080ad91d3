"""The "facts inferred" of an audit: what each rule family says about a project.

A family describes itself through an optional ``audit(project, context)`` function on its
module (see :class:`backlint.audit.model.AuditFact`). For the families that do not, the audit
reads a few facts itself: the layering (through the layering family's analysis) and, from the
import facts every Python file has, the web frameworks and CORS support imported and the
Pydantic and SQLAlchemy idioms in use. A family's own hook replaces that reading.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType

from backlint.audit.model import AuditFact, FactSection, PackageGraph
from backlint.facts import ImportFact
from backlint.project import ProjectFacts
from backlint.rule import RuleContext
from backlint.rules import FAMILIES
from backlint.rules.layers.analysis import LayerAnalysis
from backlint.rules.layers.report import describe

FactHook = Callable[[ProjectFacts, RuleContext], Sequence[AuditFact]]
_LISTED = 8


def family_name(family: ModuleType) -> str:
    """The name a family's rules carry (``dependencies``), else its module's."""
    rules = getattr(family, "RULES", ())
    return rules[0].family if rules else family.__name__.rsplit(".", 1)[-1]


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def _relative(path: str, root: str) -> str:
    relative = os.path.relpath(path, root)
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def _imports(project: ProjectFacts) -> Iterable[tuple[str, ImportFact]]:
    for file in project.python_files():
        for fact in file.imports:
            if fact.level == 0:
                yield file.path, fact


def _files_importing(project: ProjectFacts, wanted: Callable[[ImportFact], bool]) -> list[str]:
    return sorted({path for path, fact in _imports(project) if wanted(fact)})


def _top(fact: ImportFact) -> str:
    return fact.module.split(".", 1)[0]


# -- the web: frameworks and CORS ------------------------------------------------------------

FRAMEWORKS = {
    "fastapi": "FastAPI",
    "flask": "Flask",
    "django": "Django",
    "rest_framework": "Django REST framework",
    "starlette": "Starlette",
    "litestar": "Litestar",
    "quart": "Quart",
    "sanic": "Sanic",
    "aiohttp": "aiohttp",
    "falcon": "Falcon",
    "tornado": "Tornado",
}
CORS_MODULES = (
    "fastapi.middleware.cors",
    "starlette.middleware.cors",
    "flask_cors",
    "corsheaders",
    "aiohttp_cors",
    "sanic_cors",
    "litestar.config.cors",
)


def _in_modules(fact: ImportFact, modules: Iterable[str]) -> bool:
    return any(fact.module == m or fact.module.startswith(m + ".") for m in modules)


def web_facts(project: ProjectFacts) -> list[AuditFact]:
    counts: dict[str, set[str]] = {}
    for path, fact in _imports(project):
        name = FRAMEWORKS.get(_top(fact))
        if name is not None:
            counts.setdefault(name, set()).add(path)
    if not counts:
        return [AuditFact("Web frameworks imported", "none")]
    ranked = sorted(counts.items(), key=lambda item: (-len(item[1]), item[0]))
    facts = [
        AuditFact(
            "Web frameworks imported",
            ", ".join(f"{name} ({_files(len(paths))})" for name, paths in ranked),
        )
    ]
    cors = _files_importing(project, lambda fact: _in_modules(fact, CORS_MODULES))
    shown = [_relative(p, project.root) for p in cors]
    facts.append(AuditFact("CORS support imported", f"in {_listed(shown)}" if cors else "nowhere"))
    return facts


# -- Pydantic and SQLAlchemy idioms ----------------------------------------------------------

PYDANTIC_V2 = frozenset(
    {
        "field_validator",
        "model_validator",
        "ConfigDict",
        "field_serializer",
        "model_serializer",
        "computed_field",
        "TypeAdapter",
        "RootModel",
    }
)
PYDANTIC_V1 = frozenset({"validator", "root_validator", "BaseSettings", "parse_obj_as"})
SQLALCHEMY_20 = frozenset({"Mapped", "mapped_column", "DeclarativeBase", "MappedAsDataclass"})
SQLALCHEMY_1X = frozenset({"declarative_base", "backref"})


def _style(
    label: str,
    project: ProjectFacts,
    uses: Callable[[ImportFact], bool],
    modern: tuple[str, Callable[[ImportFact], bool]],
    legacy: tuple[str, Callable[[ImportFact], bool]],
) -> list[AuditFact]:
    if not _files_importing(project, uses):
        return []
    new = _files_importing(project, modern[1])
    old = _files_importing(project, legacy[1])
    if new and old:
        value = f"mixed: {modern[0]} in {_files(len(new))}, {legacy[0]} in {_files(len(old))}"
    elif new:
        value = f"{modern[0]} ({_files(len(new))})"
    elif old:
        value = f"{legacy[0]} ({_files(len(old))})"
    else:
        value = "no version-specific idiom imported"
    return [AuditFact(label, value)]


def pydantic_facts(project: ProjectFacts) -> list[AuditFact]:
    def v2(fact: ImportFact) -> bool:
        if _top(fact) == "pydantic_settings":
            return True
        return fact.module == "pydantic" and bool(PYDANTIC_V2.intersection(fact.names))

    def v1(fact: ImportFact) -> bool:
        if _in_modules(fact, ("pydantic.v1",)):
            return True
        return fact.module == "pydantic" and bool(PYDANTIC_V1.intersection(fact.names))

    return _style(
        "Pydantic style",
        project,
        lambda fact: _top(fact) in ("pydantic", "pydantic_settings"),
        ("v2 idioms", v2),
        ("v1 idioms", v1),
    )


def sqlalchemy_facts(project: ProjectFacts) -> list[AuditFact]:
    def modern(fact: ImportFact) -> bool:
        return _in_modules(fact, ("sqlalchemy.orm",)) and bool(
            SQLALCHEMY_20.intersection(fact.names)
        )

    def legacy(fact: ImportFact) -> bool:
        if _in_modules(fact, ("sqlalchemy.ext.declarative",)):
            return True
        if fact.module == "sqlalchemy" and "Column" in fact.names:
            return True
        return _in_modules(fact, ("sqlalchemy.orm",)) and bool(
            SQLALCHEMY_1X.intersection(fact.names)
        )

    facts = _style(
        "SQLAlchemy style",
        project,
        lambda fact: _top(fact) in ("sqlalchemy", "sqlmodel", "flask_sqlalchemy"),
        ("2.0 typed mappings (Mapped, mapped_column)", modern),
        ("1.x declarations (Column, declarative_base)", legacy),
    )
    tops = {_top(fact) for _, fact in _imports(project)}
    extensions = [
        name
        for module, name in (("flask_sqlalchemy", "Flask-SQLAlchemy"), ("sqlmodel", "SQLModel"))
        if module in tops
    ]
    if facts and extensions:
        facts.append(AuditFact("SQLAlchemy extensions", ", ".join(extensions)))
    return facts


# -- layers ------------------------------------------------------------------------------------


def layer_facts(analysis: LayerAnalysis, graph: PackageGraph | None) -> list[AuditFact]:
    report = describe(analysis, "")
    how = "configured" if report.source == "configured" else "inferred from package names"
    layers = tuple(
        f"{layer.position}. {layer.name}: "
        + (
            "; ".join(
                f"{sibling}: {', '.join(found) or 'no module'}"
                for sibling, found in layer.siblings
            )
            if len(layer.siblings) > 1
            else ", ".join(layer.siblings[0][1]) or "no module"
        )
        for layer in report.layers
    )
    facts = [
        AuditFact("Layers", f"{len(report.layers)} ({how})" if layers else f"none ({how})", layers)
    ]
    facts.append(AuditFact("Composition roots", _listed(report.roots) or "none"))
    outside = len(report.outside)
    facts.append(
        AuditFact(
            "Outside every layer",
            f"{outside} module{'' if outside == 1 else 's'}"
            + (f" ({_listed(report.outside)})" if outside else ""),
        )
    )
    if graph is not None:
        offending = sum(1 for edge in graph.edges if edge.offending)
        facts.append(
            AuditFact(
                "Import graph",
                f"{len(graph.nodes)} packages, {len(graph.edges)} import edges between them, "
                f"{offending} offending",
            )
        )
    return facts


# -- sections ------------------------------------------------------------------------------------


def fact_sections(
    project: ProjectFacts,
    context: RuleContext,
    analysis: LayerAnalysis,
    graph: PackageGraph | None,
    families: Sequence[ModuleType] = FAMILIES,
) -> tuple[list[FactSection], list[str]]:
    """The sections of facts for ``project`` in the order of the families' codes, and the
    failures of hooks (a bug in a family, reported like a failing rule)."""
    enabled = context.enabled
    # By the hundreds digit of the family's codes.
    read_here: dict[str, tuple[str, Callable[[], list[AuditFact]]]] = {
        "sqlalchemy": ("2", lambda: sqlalchemy_facts(project)),
        "pydantic": ("3", lambda: pydantic_facts(project)),
        "wiring": ("4", lambda: web_facts(project)),
        "layers": ("5", lambda: layer_facts(analysis, graph)),
    }
    rank = {name: digit for name, (digit, _) in read_here.items()}
    sections: list[FactSection] = []
    errors: list[str] = []
    described: set[str] = set()
    for family in families:
        name = family_name(family)
        codes = [rule.code for rule in getattr(family, "RULES", ())]
        if codes:
            rank[name] = min(codes)[2:3]
        hook: FactHook | None = getattr(family, "audit", None)
        if hook is None:
            continue
        described.add(name)
        if not any(rule.code in enabled for rule in getattr(family, "RULES", ())):
            continue
        try:
            facts = tuple(hook(project, context))
        except Exception as error:  # a bug in a family must not lose the report
            errors.append(f"the audit of the {name} family failed: {error!r}")
            continue
        if facts:
            sections.append(FactSection(name, "family", facts))
    for name, (_, read) in read_here.items():
        if name in described:
            continue
        facts = tuple(read())
        if facts:
            sections.append(FactSection(name, "audit", facts))
    sections.sort(key=lambda s: rank.get(s.family, "9"))
    return sections, errors
