"""BK405 app-factory: one composition root, one application object (off by default)."""

from __future__ import annotations

from collections.abc import Iterator

from backlint.diagnostics import Diagnostic, Severity
from backlint.project import ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.wiring.facts import AppFact
from backlint.rules.wiring.graph import (
    Names,
    Routing,
    composition_root,
    is_test_file,
    shown_path,
)
from backlint.rules.wiring.options import wiring_options


class AppFactory(ProjectRule):
    """
    ## What it does
    Off unless `app-factory = true` in `[tool.backlint.wiring]`. Checks that a service has
    one composition root:

    - more than one application object (`FastAPI()`, `Starlette()`, `Flask()`) created
      outside tests is reported at every creation but the composition root's (the
      application most routers, routes and mounts hang on). An application mounted into
      another one (`app.mount("/admin", admin_app)`, `Mount(app=...)`) is part of that
      composition and is not reported;
    - a route registered on an application from another module (`from app.main import app`
      then `@app.get(...)`) is reported at the route. Routes registered inside functions
      that receive the application as a parameter (`def register(app): ...`, called by a
      factory) are not: that is how a factory composes.

    ## Why is this bad?
    Seed 004 (Setting up Python backends), *Wiring Rules*: "Keep one composition root and
    one app factory"; `create_app()` assembles the HTTP layer, and entry points stay thin.
    A route added to the application from another module only exists if that module
    happens to be imported, usually after the application (an import cycle held together
    by import order); a second application object splits configuration (middleware,
    exception handlers, CORS) that then has to be kept in step by hand.

    It is off by default because both patterns are documented by the frameworks
    themselves (Flask's "larger applications" layout imports `app` into the views module,
    and FastAPI documents sub-applications), so they are a matter of house style.

    ## Example
    ```python
    # app/__main__.py
    from app.main import app


    @app.get("/version")
    def version() -> dict[str, str]: ...
    ```

    ## Use instead
    ```python
    # app/api/meta.py
    router = APIRouter()


    @router.get("/version")
    def version() -> dict[str, str]: ...
    ```
    and `app.include_router(meta.router)` in the composition root.

    ## Fix safety
    There is no fix: moving routes between modules is a refactoring for a person.

    ## Options
    - `wiring.app-factory`: `true` turns the rule on.
    """

    code = "BK405"
    name = "app-factory"
    family = "wiring"
    summary = "More than one composition root"
    seed = "004"
    fix_availability = FixAvailability.NONE
    severity = Severity.WARNING

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        if not wiring_options(context).app_factory:
            return
        root = project.root
        apps = sorted(
            (
                (file, fact)
                for file, fact in project.facts(AppFact)
                if not is_test_file(file.path, root)
            ),
            key=lambda item: (item[0].path, item[1].span.start),
        )
        if not apps:
            return
        routing = Routing(project, Names(project))
        primary = composition_root(routing, apps)
        mounted = {
            child
            for include in routing.all_includes
            if (child := routing.resolve(include.child)) in routing.apps
        }
        if primary is not None:
            primary_file, primary_app = primary
            shown = f"`{primary_app.name or 'the application'}` in " + (
                f"`{shown_path(primary_file.path, root)}`"
            )
            for file, app in apps:
                if app is primary_app or (app.ref is not None and app.ref in mounted):
                    continue
                name = f"`{app.name}`" if app.name else "an application"
                yield self.diagnostic(
                    file.path,
                    app.span,
                    f"A second application object ({name}) besides {shown}: keep one "
                    "composition root and one app factory",
                    help="Declare its routes on a router included in the composition root, "
                    "or mount it there",
                )
        for file, route in routing.routes:
            owner = routing.resolve(route.owner)
            if owner is None or owner not in routing.apps:
                continue
            app_file, app = routing.apps[owner]
            if app_file.path == file.path:
                continue
            label = f"`{app.name}`" if app.name else "the application"
            yield self.diagnostic(
                file.path,
                route.span,
                f"Route registered on {label}, which `{shown_path(app_file.path, root)}` "
                "creates: declare it on a router and include the router where the "
                "application is composed",
                help="Use an `APIRouter` (or a Flask `Blueprint`) and include it in the "
                "composition root",
            )
