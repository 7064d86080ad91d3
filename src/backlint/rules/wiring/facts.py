"""Facts the wiring collectors leave for the project pass: how the service is put together.

Objects are named by *references*: the dotted name a module-level object has
(``app.main.app``), ``pkg.factory.create_app()`` for the object an app factory returns, or
``pkg.factory.create_app.<locals>.router`` for a local of a function. ``None`` means the
object could not be named (a function parameter, an expression); the project pass never
guesses what such an object is.
"""

from __future__ import annotations

from dataclasses import dataclass

from backlint.diagnostics import Edit, Position
from backlint.manifests import Span


@dataclass(frozen=True, slots=True)
class CorsFixSite:
    """Where BK401's fix adds the middleware, computed while the source was at hand.

    ``insert_at`` is the start of the line after the statement creating the app (or its end,
    with ``lead`` holding the newline to add, when that statement ends the file); ``indent``
    is the statement's indentation; ``settings`` lists the names in scope there that may be
    a settings object, with the dotted names they refer to.
    """

    insert_at: Position
    lead: str
    indent: str
    newline: str
    import_edit: Edit | None
    settings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class AppFact:
    """A web application object created: ``FastAPI()``, ``Starlette()``, ``Flask(__name__)``."""

    framework: str
    ref: str | None
    name: str | None
    span: Span
    factory: str | None = None
    fix: CorsFixSite | None = None


@dataclass(frozen=True, slots=True)
class RouterFact:
    """Something routes hang on besides an app: an ``APIRouter``, a Flask ``Blueprint``, a
    DRF router, or a Django URLconf module (``kind == "django"``, ``ref`` its module name).

    ``prefix`` is its own literal prefix (``None`` when it is not a literal).
    """

    kind: str
    ref: str | None
    prefix: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class RouteFact:
    """One route. ``path`` is the literal path with the prefixes of enclosing ``Mount``s
    (``None`` when not a literal); ``get`` whether it answers GET (``None``: cannot tell);
    ``rooted`` whether it sits lexically in an application constructor's ``routes=``, so
    that its path is complete; ``pattern`` marks a Django ``re_path`` regular expression.
    """

    owner: str | None
    path: str | None
    get: bool | None
    span: Span
    rooted: bool = False
    pattern: bool = False


@dataclass(frozen=True, slots=True)
class IncludeFact:
    """``parent`` serves ``child`` under ``prefix``: ``include_router``,
    ``register_blueprint``, ``mount``, ``Mount``, Django's ``include()``.

    ``child`` is ``None`` when it cannot be named (``mount("/metrics", make_asgi_app())``);
    ``prefix`` is ``None`` when it is not a literal; ``replaces`` says the prefix replaces
    the child's own (Flask's ``url_prefix=`` at registration) instead of preceding it.
    """

    parent: str | None
    child: str | None
    prefix: str | None
    span: Span
    replaces: bool = False


@dataclass(frozen=True, slots=True)
class MiddlewareFact:
    """A middleware or CORS registration.

    ``kind`` is ``"asgi"`` (``add_middleware``, ``Middleware(...)``, a middleware class
    wrapping an app), ``"flask-cors"``, ``"django"`` (settings) or ``"header"`` (code that
    writes ``Access-Control-Allow-Origin`` itself). ``wildcard`` and ``credentials`` are
    true only when literals say so: any origin is allowed, and credentials are.

    ``function`` names the module-level function the registration is in when nothing in
    this file shows that function to be used (not called or referenced here, not
    decorated, not creating an app); the project pass then looks for imports of it.
    """

    kind: str
    name: str
    cors: bool
    span: Span
    target: str | None = None
    wildcard: bool = False
    credentials: bool = False
    function: str | None = None


@dataclass(frozen=True, slots=True)
class DjangoSettingsFact:
    """A Django settings module: its ``INSTALLED_APPS``, ``MIDDLEWARE`` and ``ROOT_URLCONF``."""

    span: Span
    installed_apps: tuple[str, ...]
    middleware: tuple[str, ...]
    root_urlconf: str | None
    root_urlconf_span: Span | None = None


@dataclass(frozen=True, slots=True)
class SettingsClassFact:
    """A settings class (``BaseSettings`` or a subclass), for fixes that use or add fields.

    ``fields`` pairs each field's name with its annotation's source; ``insert_at`` is the
    start of the line after the last field, where a new field can go, with ``indent``.
    """

    qualname: str
    bases: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]
    insert_at: Position | None
    indent: str
    newline: str
