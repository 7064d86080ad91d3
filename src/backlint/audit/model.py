"""What an audit report holds: frozen values, computed once and rendered in four formats.

This module imports nothing from backlint, so that rule families can build
:class:`AuditFact` values for their ``audit`` hook without depending on the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The groups of graph nodes that are not layers.
ROOTS_GROUP = "composition roots"
OUTSIDE_GROUP = "outside every layer"


@dataclass(frozen=True, slots=True)
class AuditFact:
    """One thing inferred about a project, shown under its family in "Facts inferred".

    ``label`` names it ("Manifests"), ``value`` says it in one line ("2 files, 14
    requirements"), ``items`` optionally lists the details, one short line each.

    A rule family contributes facts by exposing a function on its module::

        def audit(project: ProjectFacts, context: RuleContext) -> Sequence[AuditFact]: ...

    It is called once per project after the run, with the project's facts (``project.facts``
    holds what the family's collectors gathered) and the run's context (options and enabled
    rules), only when at least one of the family's rules is enabled. Like a project rule it is
    pure: it reads facts, never sources, and returns facts in the order they should be shown.
    """

    label: str
    value: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FactSection:
    """The facts one family inferred about a project.

    ``source`` is ``"family"`` when the family's own ``audit`` hook gave them, ``"audit"``
    when the audit read them from the project's facts itself (import facts, the layering).
    """

    family: str
    source: str
    facts: tuple[AuditFact, ...]


@dataclass(frozen=True, slots=True)
class RuleScore:
    """One rule in the run: whether it was enabled, and what it found."""

    code: str
    name: str
    family: str
    seed: str | None
    summary: str
    checked: bool
    diagnostics: int = 0
    safe_fixes: int = 0
    unsafe_fixes: int = 0

    @property
    def violated(self) -> bool:
        return self.diagnostics > 0


@dataclass(frozen=True, slots=True)
class Score:
    """A scorecard row: the rules of one seed document, one family, or all of them.

    ``rules`` counts every rule of the group, ``checked`` the enabled ones; an enabled rule is
    ``satisfied`` when it reported nothing, ``violated`` otherwise. ``safe_fixes`` and
    ``unsafe_fixes`` count the diagnostics that carry a fix of that applicability.
    """

    key: str
    title: str
    rules: int
    checked: int
    satisfied: int
    violated: int
    diagnostics: int
    safe_fixes: int
    unsafe_fixes: int
    violated_codes: tuple[str, ...] = ()

    @property
    def percent(self) -> int:
        """Enabled rules satisfied, in percent (rounded down; 100 when none is enabled)."""
        return 100 if self.checked == 0 else self.satisfied * 100 // self.checked


@dataclass(frozen=True, slots=True)
class FileFindings:
    """A file with diagnostics: how many, how many fixable, and which rules."""

    path: str
    diagnostics: int
    safe_fixes: int
    unsafe_fixes: int
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A package of the project in the import graph (``app.api``), placed in a group.

    ``group`` is a layer's name, :data:`ROOTS_GROUP` or :data:`OUTSIDE_GROUP`;
    ``rank`` orders the groups top to bottom (roots first, then the layers, then the rest).
    """

    id: str
    name: str
    group: str
    rank: int
    modules: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """Imports from the modules of one package to those of another.

    ``imports`` counts the distinct (importing module, imported module) pairs; ``offending``
    lists the codes of the diagnostics reported at those imports (an upward import, a cycle).
    """

    source: str
    target: str
    imports: int
    offending: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PackageGraph:
    """The project's own import graph, package to package, with its layering."""

    layering: str
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]

    def node(self, node_id: str) -> GraphNode:
        return next(n for n in self.nodes if n.id == node_id)


@dataclass(frozen=True, slots=True)
class ProjectAudit:
    """One project of the run (files governed by one configuration) and what was inferred."""

    root: str
    files: int
    python_files: int
    facts: tuple[FactSection, ...] = ()
    graph: PackageGraph | None = None


@dataclass(frozen=True, slots=True)
class FixCommand:
    """A command to run, what it does, and how many diagnostics it would fix."""

    command: str
    description: str
    fixes: int


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Everything the audit of some paths found, in every format's order.

    ``total`` scores every rule; ``seeds`` and ``families`` split the same rules two ways, so
    the diagnostics of each split add up to ``total.diagnostics`` (rules citing no seed
    document form the seed row with an empty key). ``files`` lists the files with the most
    findings, ``files_with_findings`` how many have any.
    """

    version: str
    paths: tuple[str, ...]
    total: Score
    seeds: tuple[Score, ...]
    families: tuple[Score, ...]
    rules: tuple[RuleScore, ...]
    files_checked: int
    files_with_findings: int
    files: tuple[FileFindings, ...]
    projects: tuple[ProjectAudit, ...]
    fixes: tuple[FixCommand, ...]
    errors: tuple[str, ...] = field(default=())
