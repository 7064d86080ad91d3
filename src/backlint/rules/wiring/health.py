"""BK403 health-endpoint-missing: no route a probe can call to learn the service is up."""

from __future__ import annotations

from collections.abc import Iterator

from backlint.diagnostics import Diagnostic
from backlint.project import ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.wiring.collect import join_paths
from backlint.rules.wiring.facts import AppFact, DjangoSettingsFact
from backlint.rules.wiring.frameworks import HEALTH_SEGMENT, names_health_module
from backlint.rules.wiring.graph import (
    Names,
    RoutePath,
    Routing,
    absolute_import,
    composition_root,
    is_test_file,
)
from backlint.rules.wiring.options import wiring_options


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def serves_health(route: RoutePath, configured: frozenset[str]) -> bool:
    """Whether a route at ``route`` is (or, when its prefixes are unknown, may be) a probe."""
    segments = _segments(route.path)
    if segments and HEALTH_SEGMENT.fullmatch(segments[-1]):
        return True
    if join_paths(route.path) in configured:
        return True
    if route.certain:
        return False
    if not segments:
        return True  # `@router.get("/")` on a router served under a prefix we cannot read
    tail = "/" + "/".join(segments)
    return any(path == tail or path.endswith(tail) for path in configured)


def _imports_health(project: ProjectFacts) -> bool:
    """A health-check library, or a module of the project's own named for health checks."""
    for file in project.python_files():
        if is_test_file(file.path, project.root):
            continue
        for fact in file.imports:
            module = absolute_import(fact, file)
            candidates = [module, *(f"{module}.{name}" for name in fact.names)]
            if any(names_health_module(c) for c in candidates):
                return True
    return False


class HealthEndpointMissing(ProjectRule):
    """
    ## What it does
    Checks that a web application (FastAPI, Starlette, Flask, Django) serves a health
    endpoint: a route answering GET whose full path, with the prefixes of every router,
    blueprint, mount and `include()` on the way, is one of `health-paths` (by default
    `/health`, `/healthz`, `/livez`, `/readyz`). Reported once per project, where the
    composition root creates the application (for Django, at `ROOT_URLCONF`).

    A probe under a versioned prefix (`/api/v1/health`), and any route whose last segment
    names a probe (`health`, `healthz`, `health-check`, `livez`, `readyz`, `liveness`,
    `readiness`, `ping`, `heartbeat`), also count: a probe can be pointed at any path, and
    such a route is the service's health check wherever it sits. So do a route whose path
    is not a literal, a root route (`"/"`) of a router included under a prefix that is not
    a literal, a mount or `include()` under a health-like prefix, and imports of a
    health-check library or of a module of the project named for health checks
    (`app.api.routes.health`). A project none of whose routes backlint can read is not
    reported.

    ## Why is this bad?
    Seed 004 (Setting up Python backends), *Migrations and Operations*: "Add health and
    readiness endpoints early", with `api/routes/health.py` serving `/healthz` among the
    first files of a service. Without one, a container orchestrator or load balancer can
    only tell that the process is alive, not that it can serve: traffic reaches instances
    that are still starting or have lost their database.

    ## Example
    ```python
    app = FastAPI()
    app.include_router(api_router, prefix="/api/v1")
    ```

    ## Use instead
    ```python
    # app/api/routes/health.py
    router = APIRouter()


    @router.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}
    ```
    and `app.include_router(health.router)` where the application is composed.

    ## Fix safety
    There is no fix: what the endpoint checks (the database, a cache) is for the project
    to decide.

    ## Options
    - `wiring.health-paths`: the full paths that serve probes (replacing the default list).
    """

    code = "BK403"
    name = "health-endpoint-missing"
    family = "wiring"
    summary = "No health endpoint"
    seed = "004"
    fix_availability = FixAvailability.NONE

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        root = project.root
        apps = [
            (file, fact)
            for file, fact in project.facts(AppFact)
            if not is_test_file(file.path, root)
        ]
        django = sorted(
            (
                (file, fact)
                for file, fact in project.facts(DjangoSettingsFact)
                if fact.root_urlconf is not None and not is_test_file(file.path, root)
            ),
            key=lambda item: item[0].path,
        )
        if not apps and not django:
            return
        routing = Routing(
            project,
            Names(project),
            django_roots=[fact.root_urlconf for _, fact in django if fact.root_urlconf],
        )
        if not routing.routes or _imports_health(project):
            return
        if any(names_health_module(app) for _, fact in django for app in fact.installed_apps):
            return
        configured = frozenset(join_paths(p) for p in wiring_options(context).health_paths)
        if self._served(routing, configured):
            return
        shown = ", ".join(f"`{p}`" for p in sorted(configured))
        message = (
            f"No route serves a health check ({shown}): add one that orchestrators and load "
            "balancers can probe"
        )
        located = composition_root(routing, apps)
        if located is not None:
            file, span = located[0], located[1].span
        else:
            file, settings = django[0]
            span = settings.root_urlconf_span or settings.span
        yield self.diagnostic(
            file.path,
            span,
            message,
            help="Add a GET route such as `/healthz` (seed 004: health and readiness endpoints)",
        )

    @staticmethod
    def _served(routing: Routing, configured: frozenset[str]) -> bool:
        for include in routing.all_includes:
            segments = _segments(include.prefix or "")
            if segments and HEALTH_SEGMENT.fullmatch(segments[-1]):
                return True
        for _, route in routing.routes:
            if route.get is False:
                continue
            if route.path is None:
                return True  # a path we cannot read may be the probe
            if route.pattern:
                words = {w for w in _words(route.path) if w}
                if any(HEALTH_SEGMENT.fullmatch(w) for w in words):
                    return True
                continue
            if any(serves_health(path, configured) for path in routing.paths(route)):
                return True
        return False


def _words(pattern: str) -> list[str]:
    word = []
    words = []
    for char in pattern:
        if char.isalnum() or char in "-_":
            word.append(char)
        else:
            words.append("".join(word))
            word = []
    words.append("".join(word))
    return words
