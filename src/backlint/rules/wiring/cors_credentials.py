"""BK402 cors-wildcard-credentials: every origin allowed, with credentials."""

from __future__ import annotations

from collections.abc import Iterator

from backlint.diagnostics import Diagnostic
from backlint.project import ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.wiring.facts import MiddlewareFact
from backlint.rules.wiring.graph import is_test_file

_MESSAGES = {
    "asgi": (
        "CORS allows every origin together with credentials: `CORSMiddleware` then echoes "
        "any site's origin back, so any website can make authenticated requests"
    ),
    "flask-cors": (
        "flask-cors allows every origin with `supports_credentials=True`: it then echoes any "
        "site's origin back, so any website can make authenticated requests"
    ),
    "django": (
        "django-cors-headers allows every origin with `CORS_ALLOW_CREDENTIALS = True`: it then "
        "echoes any site's origin back, so any website can make authenticated requests"
    ),
}
_HELP = {
    "asgi": "List the allowed origins (from settings) in `allow_origins`, or drop "
    "`allow_credentials=True`",
    "flask-cors": "List the allowed origins (from settings) in `origins=`, or drop "
    "`supports_credentials=True`",
    "django": "List the allowed origins in `CORS_ALLOWED_ORIGINS` instead of allowing all",
}


class CorsWildcardCredentials(ProjectRule):
    """
    ## What it does
    Checks CORS configurations that allow every origin and credentials at once:

    - Starlette's and FastAPI's `CORSMiddleware` (through `add_middleware`, `Middleware` or
      wrapping the app) with `allow_credentials=True` and `allow_origins` holding `"*"`,
      or an `allow_origin_regex` that matches any site (`".*"`, `"https://.*"`);
    - flask-cors's `CORS(...)` and `@cross_origin(...)` with `supports_credentials=True`
      and origins left at their default (`"*"`), set to `"*"` or to a pattern matching any
      site, globally or for a resource;
    - django-cors-headers with `CORS_ALLOW_ALL_ORIGINS = True` (or the older
      `CORS_ORIGIN_ALLOW_ALL`), or an origin regex matching any site, and
      `CORS_ALLOW_CREDENTIALS = True` in the same settings module.

    Only literal values are judged: origins read from settings are not. Test files are not
    checked.

    ## Why is this bad?
    Browsers refuse a response that carries `Access-Control-Allow-Origin: *` together with
    `Access-Control-Allow-Credentials: true`. So these libraries do not send `*` when
    credentials are allowed: they copy the request's `Origin` header into the response.
    Starlette does it for any request that carries cookies and for every preflight
    request; flask-cors and django-cors-headers do it for every request. The result allows
    far more than `*` ever could: any website a signed-in user visits can send requests with
    the user's cookies or HTTP authentication to the API and read the responses, which is
    cross-site request forgery with the responses readable.

    Seed 000 (Python backend rules), rule 3, shows this very configuration
    (`allow_origins=["*"]` with `allow_credentials=True`) as the CORS setup for `main.py`.
    backlint follows the seed in requiring a CORS setup (BK401) but not in this detail: the
    seed's snippet is a development convenience that becomes a vulnerability once it ships,
    and nothing in a deployed service tells the two apart. Seed 001's Security section asks
    to follow OWASP's guidelines, which name this misconfiguration.

    ## Example
    ```python
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    ```

    ## Use instead
    ```python
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,  # ["https://app.example.com"]
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    ```
    An API that authenticates with bearer tokens rather than cookies does not need
    `allow_credentials=True` at all, and may then allow every origin.

    ## Fix safety
    There is no fix: which origins to allow, or whether credentials are needed, is for the
    project to decide.
    """

    code = "BK402"
    name = "cors-wildcard-credentials"
    family = "wiring"
    summary = "CORS allows every origin with credentials"
    seed = "000"
    fix_availability = FixAvailability.NONE

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        for file, fact in project.facts(MiddlewareFact):
            if not (fact.cors and fact.wildcard) or fact.kind not in _MESSAGES:
                continue
            if is_test_file(file.path, project.root):
                continue
            yield self.diagnostic(
                file.path, fact.span, _MESSAGES[fact.kind], help=_HELP[fact.kind]
            )
