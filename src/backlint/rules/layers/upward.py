"""BK501 upward-import: a module imports a module of a higher layer."""

from __future__ import annotations

from collections.abc import Iterator

from backlint.diagnostics import Diagnostic, Position
from backlint.manifests import Span
from backlint.project import ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.layers.analysis import Breach, LayerAnalysis, analysis_for
from backlint.rules.layers.graph import Import
from backlint.rules.layers.options import layers_options


def import_span(item: Import) -> Span:
    """The ``import`` or ``from`` keyword of an import statement."""
    start = Position(item.fact.row, item.fact.column)
    return Span(start, Position(item.fact.row, item.fact.column + len(item.keyword)))


def described(analysis: LayerAnalysis, path: str) -> str:
    """```app.api.deps` (layer `api`)``, or the bare name outside every layer."""
    placed = analysis.placement(path)
    name = f"`{analysis.name(path)}`"
    return f"{name} (layer `{analysis.layering.layer_name(placed)}`)" if placed else name


class UpwardImport(ProjectRule):
    """
    ## What it does
    Checks that no module imports a module of a layer above its own. The layers come from
    `[tool.backlint.layers]` when it is set, else they are inferred from the package names
    of the usual backend layouts, top to bottom:

    1. `api`: packages or modules named `api`, `routes`, `endpoints`, `views`, `routers`;
    2. `services`: `services`, `application`;
    3. `data access`: `repositories`, `crud`, `infrastructure`;
    4. `domain`: `models`, `db`, `domain`;
    5. `shared`: `core`, `config`, `utils`.

    A package whose children carry the names of at least two of the first four layers
    (`app/` with `api/`, `services/` and `models/`; a Django app with `views.py` and
    `models.py`) is layered, and each of its children named so, with everything below it,
    is in that layer (`app.api.v1.endpoints.users` is in `api`). Modules named `main`,
    `__main__`, `bootstrap`, `wsgi`, `asgi`, `manage` or `urls`, and everything under a
    `workers` or `cli` package, are composition roots when no layer holds them, and so are
    `init_db` and `initial_data` modules wherever they are: they may import anything.
    `backlint layers` prints what was inferred for a project.

    An import counts wherever it is written, inside functions too; imports under
    `if TYPE_CHECKING:` do not (unless `type-checking-imports` is set), nor do imports of a
    module's own packages, which the interpreter runs first anyway. An import of a module
    outside every layer (`app.schemas.user`) is reported when a chain of such modules leads
    on to a higher layer, with the chain, as import-linter's layers contracts do. Test
    modules are not part of the graph.

    ## Why is this bad?
    Seed 003 (Python project architecture), Dependency Flow: "API layer only handles HTTP
    concerns; services contain all business logic; repositories abstract data access; lower
    layers never import from upper layers." A repository that imports a route module, or a
    model that imports a service, ties the lower layer to everything above it: it can no
    longer be tested, reused or changed on its own, and such imports are how import cycles
    start.

    ## Example
    ```python
    # app/services/user_service.py
    from app.api.deps import get_current_user
    ```

    ## Use instead
    ```python
    # app/services/user_service.py: the caller passes the user in
    def rename_user(user: User, name: str) -> User: ...
    ```

    ## Fix safety
    There is no fix: where the code belongs is a design decision.

    ## Options
    - `layers.layers`: the layers, top to bottom, as module globs (`"app.api"`,
      `"app.api | app.cli"` for independent siblings, `"app.a : app.b"` for siblings that
      may import each other); replaces the inferred layers.
    - `layers.containers`: packages holding their own copy of the layers.
    - `layers.composition-roots`: modules that may import anything.
    - `layers.ignore-imports`: `["app.core.db -> app.crud"]` edges to leave alone.
    - `layers.type-checking-imports`: count imports under `if TYPE_CHECKING:`.
    """

    code = "BK501"
    name = "upward-import"
    family = "layers"
    summary = "Import of a higher layer"
    seed = "003"
    fix_availability = FixAvailability.NONE

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        analysis = analysis_for(project, layers_options(context))
        for found in analysis.upward_imports():
            yield self._report(analysis, found)

    def _report(self, analysis: LayerAnalysis, found: Breach) -> Diagnostic:
        source = described(analysis, found.path)
        placed = analysis.placement(found.path)
        assert placed is not None
        targets = [described(analysis, t) for t in found.targets]
        other = analysis.placement(found.targets[0])
        sibling = other is not None and other.layer == placed.layer
        if found.chain:
            route = " -> ".join(f"`{analysis.name(p)}`" for p in found.chain[:-1])
            what = "an independent sibling layer" if sibling else "a higher layer"
            message = f"{source} depends on {targets[0]}, {what}, through {route}"
        elif sibling:
            message = f"{source} imports {', '.join(targets)} of an independent sibling layer"
        else:
            noun = "a higher layer" if len(targets) == 1 else "higher layers"
            message = f"{source} imports {' and '.join(targets)}, {noun}"
        help_text = (
            "Move what the lower layer needs down into it, or pass it in from the layer "
            "above (or a composition root such as `main.py`)"
        )
        if sibling:
            help_text = "Independent layers must not import each other; move the shared code down"
        return self.diagnostic(found.path, import_span(found.item), message, help=help_text)
