"""BK502 framework-in-domain: a domain or service module imports HTTP or ORM-session objects."""

from __future__ import annotations

from collections.abc import Iterator

from backlint.diagnostics import Diagnostic
from backlint.project import ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.layers.analysis import BannedUse, LayerAnalysis, analysis_for
from backlint.rules.layers.options import layers_options
from backlint.rules.layers.upward import import_span


def _listed(names: tuple[str, ...]) -> str:
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


class FrameworkInDomain(ProjectRule):
    """
    ## What it does
    Checks that modules of the service and domain layers do not import the web framework's
    request, response, dependency-injection, error and auth objects, and that modules of a
    `domain` package do not import an ORM session either. Names are matched symbol by
    symbol, so `from fastapi import Depends` is reported in a service while
    `from fastapi import status` is not.

    By default, in the `services` layer and the `domain` layer (packages named `services`,
    `application`, `models`, `db` or `domain`, see BK501 for how layers are inferred):
    `fastapi.Request`, `Response`, `Depends`, `Security`, `HTTPException`, `WebSocket`,
    `fastapi.requests`, `fastapi.responses`, `fastapi.security`, `starlette.requests`,
    `starlette.responses`, `starlette.websockets`, `starlette.exceptions.HTTPException`,
    `flask.request`, `Request`, `Response`, `session`, `g`, `abort`, `make_response`,
    `jsonify`, `flask_login.current_user`, `werkzeug.exceptions`, `werkzeug.wrappers`,
    `django.http`, `rest_framework.request` and `rest_framework.response`. In a `domain`
    package besides: `sqlalchemy.orm.Session`, `sessionmaker`, `scoped_session`,
    `sqlalchemy.ext.asyncio.AsyncSession`, `async_sessionmaker` and `sqlmodel.Session`.
    Imports under `if TYPE_CHECKING:` count: a domain function that takes a `Request` depends
    on the framework whether or not the import runs.

    ## Why is this bad?
    Seed 004 (Setting up Python backends), Boundary Rules: "No `Request`, `Response`,
    `Depends`, ORM session, or framework auth objects in domain services. Convert request
    data and auth/session state at the edge." A service that raises `HTTPException` or
    reads `flask.request` cannot be called from a worker, a CLI command or a test without a
    fake request, and a domain model holding a session hides its unit of work. import-linter
    can only forbid whole external packages, and ruff's banned-api applies to every module
    alike.

    ## Example
    ```python
    # app/services/user_service.py
    from fastapi import Depends, HTTPException


    def get_user(user_id: int, db=Depends(get_db)):
        user = db.get(User, user_id)
        if user is None:
            raise HTTPException(status_code=404)
        return user
    ```

    ## Use instead
    ```python
    # app/services/user_service.py
    class UserNotFound(Exception): ...


    def get_user(db: Session, user_id: int) -> User:
        user = db.get(User, user_id)
        if user is None:
            raise UserNotFound(user_id)
        return user
    ```
    The route catches `UserNotFound` and answers 404.

    ## Fix safety
    There is no fix: the conversion belongs in the caller.

    ## Options
    - `layers.banned`: `{ "app.domain" = ["sqlalchemy.orm.Session"], ... }`, module glob to
      imported names (or globs) banned in the modules it matches and their submodules;
      replaces the default lists.
    - `layers.ignore-imports`: `["app.services.legacy -> fastapi.HTTPException"]`.
    """

    code = "BK502"
    name = "framework-in-domain"
    family = "layers"
    summary = "Framework object imported in a domain or service module"
    seed = "004"
    fix_availability = FixAvailability.NONE

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        analysis = analysis_for(project, layers_options(context))
        for found in analysis.banned_imports():
            yield self._report(analysis, found)

    def _report(self, analysis: LayerAnalysis, found: BannedUse) -> Diagnostic:
        placed = analysis.placement(found.path)
        where = (
            f"layer `{analysis.layering.layer_name(placed)}`"
            if placed is not None
            else f"`{analysis.name(found.path)}`"
        )
        verb = "is" if len(found.names) == 1 else "are"
        return self.diagnostic(
            found.path,
            import_span(found.item),
            f"{_listed(found.names)} {verb} banned in {where}",
            help="Convert requests, responses, auth and sessions at the edge (the API layer "
            "or the composition root) and pass plain values in",
        )
