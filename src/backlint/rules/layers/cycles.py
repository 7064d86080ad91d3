"""BK503 import-cycle: modules of the project import each other in a loop."""

from __future__ import annotations

from collections.abc import Iterator

from backlint.diagnostics import Diagnostic
from backlint.project import ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.layers.analysis import analysis_for
from backlint.rules.layers.options import layers_options
from backlint.rules.layers.upward import import_span

# Members named in the message of a large group; the rest are counted.
_NAMED_MEMBERS = 8


class ImportCycle(ProjectRule):
    """
    ## What it does
    Checks for import cycles among the project's own modules: modules that import each
    other, directly or through others, when they are imported. Each group of modules that
    import each other is reported once, at the import that starts a shortest cycle through
    its first module (by name), with the cycle and, when the group is larger, its members.

    Only imports that run when a module is imported count: imports inside functions and
    under `if TYPE_CHECKING:` are the usual ways to break a cycle and are left out, and so
    are imports of a module's own packages (`from app import db` in `app/models.py`), which
    the interpreter runs before the module anyway. Test modules are not part of the graph.

    ## Why is this bad?
    Seed 003 (Python project architecture), Dependency Flow: dependencies flow one way,
    from the API down to the database. Modules in a cycle can only be imported in one
    order: the other order fails with `ImportError: cannot import name ... (most likely due
    to a circular import)`, or silently sees a half-initialised module, and which one runs
    first depends on who imports what.

    ## Example
    ```python
    # app/models/user.py
    from app.models.item import Item

    # app/models/item.py
    from app.models.user import User
    ```

    ## Use instead
    ```python
    # app/models/item.py
    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from app.models.user import User
    ```

    ## Fix safety
    There is no fix: which import to move is a design decision.

    ## Options
    - `layers.ignore-imports`: `["app.models.user -> app.models.item"]` edges to leave out.
    """

    code = "BK503"
    name = "import-cycle"
    family = "layers"
    summary = "Import cycle"
    seed = "003"
    fix_availability = FixAvailability.NONE

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        analysis = analysis_for(project, layers_options(context))
        for found in analysis.cycles():
            route = " -> ".join(f"`{analysis.name(p)}`" for p in found.cycle)
            message = f"Import cycle: {route}"
            extra = len(found.members) - (len(found.cycle) - 1)
            if extra > 0:
                named = [f"`{analysis.name(p)}`" for p in found.members[:_NAMED_MEMBERS]]
                rest = len(found.members) - len(named)
                listed = ", ".join(named) + (f" and {rest} more" if rest else "")
                message += f" ({len(found.members)} modules import each other: {listed})"
            yield self.diagnostic(
                found.path,
                import_span(found.item),
                message,
                help="Move the shared code into a module both can import, or import inside "
                "the function that needs it",
            )
