"""The wiring family's fact collectors: applications, routers, routes, middleware, settings.

They run in the shared traversal of every file whose text passes their gate, and only write
facts (``facts.py``); the rules decide in the project pass, across modules.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from backlint.diagnostics import Position
from backlint.manifests import Span
from backlint.rule import FactCollector, PythonFile, RuleContext
from backlint.rules.wiring.facts import (
    AppFact,
    CorsFixSite,
    DjangoSettingsFact,
    IncludeFact,
    MiddlewareFact,
    RouteFact,
    RouterFact,
    SettingsClassFact,
)
from backlint.rules.wiring.frameworks import (
    APPS,
    DJANGO_CORS_ALL,
    DJANGO_CORS_CREDENTIALS,
    DJANGO_CORS_REGEXES,
    DJANGO_INCLUDE,
    DJANGO_ROUTES,
    FLASK_CORS,
    FLASK_CROSS_ORIGIN,
    MIDDLEWARE_CLASSES,
    MOUNT_CLASSES,
    ROUTE_CALLS,
    ROUTE_CLASSES,
    ROUTE_DECORATORS,
    ROUTERS,
    SETTINGS_BASES,
    pattern_allows_any_origin,
)
from backlint.sources.symbols import dotted

if TYPE_CHECKING:
    from backlint.sources.view import SourceView

_QUOTES = ('"', "'")
_ROUTE_TOKENS = tuple(
    f".{method}({quote}{rest}"
    for method in ROUTE_DECORATORS
    for quote in _QUOTES
    for rest in ("/", quote)
)
_DJANGO_SETTINGS = frozenset(
    {"INSTALLED_APPS", "MIDDLEWARE", "MIDDLEWARE_CLASSES", "ROOT_URLCONF"}
)


def string_value(node: cst.BaseExpression | None) -> str | None:
    """The value of a plain string literal (implicit concatenation included), else ``None``."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def is_true(node: cst.BaseExpression | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


def keyword_arguments(call: cst.Call) -> dict[str, cst.BaseExpression]:
    return {a.keyword.value: a.value for a in call.args if a.keyword is not None}


def positional_arguments(call: cst.Call) -> list[cst.BaseExpression]:
    return [a.value for a in call.args if a.keyword is None and not a.star]


def argument(call: cst.Call, index: int, *names: str) -> cst.BaseExpression | None:
    """The argument at position ``index``, or given by one of the keyword ``names``."""
    keywords = keyword_arguments(call)
    for name in names:
        if name in keywords:
            return keywords[name]
    positional = positional_arguments(call)
    return positional[index] if index < len(positional) else None


def ast_string(node: ast.expr | None) -> str | None:
    """:func:`string_value` over the CPython tree (which joins implicit concatenations)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def ast_argument(call: ast.Call, index: int, *names: str) -> ast.expr | None:
    """:func:`argument` over the CPython tree."""
    keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
    for name in names:
        if name in keywords:
            return keywords[name]
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    return positional[index] if index < len(positional) else None


def join_paths(*parts: str) -> str:
    """Join URL path pieces as routers do, with exactly one ``/`` between segments."""
    segments = [s for part in parts for s in part.split("/") if s]
    return "/" + "/".join(segments)


class _Scope:
    """One scope of the traversal: the module, a class or a function."""

    __slots__ = (
        "assigned",
        "created",
        "creates_app",
        "decorated",
        "kind",
        "name",
        "nesting",
        "params",
        "qualname",
        "returns",
    )

    def __init__(
        self, kind: str, name: str, qualname: str, params: frozenset[str] = frozenset()
    ) -> None:
        self.kind = kind
        self.name = name
        self.qualname = qualname
        self.params = set(params)
        self.assigned: set[str] = set()
        self.created: dict[str, str] = {}
        self.returns: set[str] = set()
        self.nesting = 0
        self.creates_app = False
        self.decorated = False


@dataclass(frozen=True, slots=True)
class _Bound:
    ref: str | None
    name: str | None
    statement: cst.SimpleStatementLine | None
    scope: _Scope


@dataclass(frozen=True, slots=True)
class _Pending:
    """A middleware registration, evaluated once the module's constants are all known."""

    kind: str
    call: cst.CSTNode
    name: str
    target: str | None
    function: _Scope | None
    options: cst.Call | None


def _parameters(node: cst.FunctionDef) -> frozenset[str]:
    params = node.params
    names = [p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.append(star.name.value)
    return frozenset(names)


class ScopedCollector(FactCollector):
    """A collector that knows which scope it is in and what each local name was bound to."""

    def __init__(self, file: PythonFile, context: RuleContext) -> None:
        super().__init__(file, context)
        self.scopes = [_Scope("module", "", file.module_name)]
        self.statement: cst.SimpleStatementLine | None = None

    @property
    def scope(self) -> _Scope:
        return self.scopes[-1]

    def ref(self, node: cst.BaseExpression | None) -> str | None:
        """The reference an expression names (see ``facts.py``), or ``None``."""
        text = dotted(node) if node is not None else None
        if text is None or "()" in text:
            return None
        head, dot, rest = text.partition(".")
        for scope in reversed(self.scopes):
            if scope.kind == "class":
                continue
            if scope.kind == "function":
                if head in scope.created:
                    return scope.created[head] + dot + rest
                if head in scope.params or head in scope.assigned:
                    return None
                continue
            return self.file.qualify(text)
        return None

    def local_ref(self, name: str) -> str | None:
        scope = self.scope
        if scope.kind == "module":
            return self.file.qualname(name)
        if scope.kind == "function":
            return f"{scope.qualname}.<locals>.{name}"
        return None

    def outer_function(self) -> _Scope | None:
        """The module-level function the traversal is in (``None`` at module level or in a
        class, whose methods are reached through their class)."""
        if len(self.scopes) > 1 and self.scopes[1].kind == "function":
            return self.scopes[1]
        return None

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.statement = node

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine) -> None:
        self.statement = None

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        parent = self.scope
        self.scopes.append(
            _Scope("class", node.name.value, f"{parent.qualname}.{node.name.value}")
        )

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.scopes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        parent = self.scope
        if parent.kind == "function":
            parent.assigned.add(node.name.value)
        qualname = f"{parent.qualname}.{node.name.value}".lstrip(".")
        scope = _Scope("function", node.name.value, qualname, _parameters(node))
        scope.decorated = bool(node.decorators)
        self.scopes.append(scope)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        scope = self.scopes.pop()
        self.left_function(scope)

    def left_function(self, scope: _Scope) -> None:
        """Called when a function's body has been visited."""

    # Compound statements: what they hold runs conditionally or repeatedly. (libcst finds
    # visitor methods by their own names, so each is spelled out.)
    def visit_If(self, node: cst.If) -> None:
        self.scope.nesting += 1

    def leave_If(self, original_node: cst.If) -> None:
        self.scope.nesting -= 1

    def visit_For(self, node: cst.For) -> None:
        self.scope.nesting += 1

    def leave_For(self, original_node: cst.For) -> None:
        self.scope.nesting -= 1

    def visit_While(self, node: cst.While) -> None:
        self.scope.nesting += 1

    def leave_While(self, original_node: cst.While) -> None:
        self.scope.nesting -= 1

    def visit_With(self, node: cst.With) -> None:
        self.scope.nesting += 1

    def leave_With(self, original_node: cst.With) -> None:
        self.scope.nesting -= 1

    def visit_Try(self, node: cst.Try) -> None:
        self.scope.nesting += 1

    def leave_Try(self, original_node: cst.Try) -> None:
        self.scope.nesting -= 1

    def visit_TryStar(self, node: cst.TryStar) -> None:
        self.scope.nesting += 1

    def leave_TryStar(self, original_node: cst.TryStar) -> None:
        self.scope.nesting -= 1

    def visit_Match(self, node: cst.Match) -> None:
        self.scope.nesting += 1

    def leave_Match(self, original_node: cst.Match) -> None:
        self.scope.nesting -= 1

    def record_assigned(self, targets: Sequence[cst.BaseExpression]) -> None:
        scope = self.scope
        if scope.kind != "function":
            return
        for target in targets:
            for name in _target_names(target):
                scope.assigned.add(name)


def _target_names(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _target_names(e.value)]
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


# The ast gate of WiringCollector: what can make it record a fact, told from the CPython
# tree. Each test mirrors a branch of the collector and may only be looser than it.

# Methods whose call is recorded whatever its arguments.
_RECORDED_METHODS = frozenset({"add_middleware", "include_router", "register_blueprint"})
# Creations, routes and middleware, recorded whatever their arguments.
_RECORDED_CALLEES = frozenset(
    {*APPS, *ROUTERS, *ROUTE_CLASSES, *MIDDLEWARE_CLASSES, *FLASK_CORS, *DJANGO_ROUTES}
)
# The header, as a string's value holds it when its source holds `access-control-...`
# (a `\a` escape before it takes the first letter).
_CORS_HEADER = "ccess-control-allow-origin"


def _kept_path(node: ast.expr | None) -> bool:
    """Whether ``_route`` records a route at this path: not known, empty or ``/...``."""
    path = ast_string(node)
    return not path or path.startswith("/")


def _records_call(view: SourceView, call: ast.Call, qualified: str | None) -> bool:
    if qualified is not None:
        if qualified in _RECORDED_CALLEES or qualified.rpartition(".")[2] == "CORSMiddleware":
            return True
        if qualified in MOUNT_CLASSES and ast_argument(call, 1, "app") is not None:
            return True
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    method = func.attr
    if method in _RECORDED_METHODS:
        return True
    if method == "mount":
        path = ast_string(ast_argument(call, 0, "path"))
        return path is None or path.startswith("/")
    if method in ROUTE_CALLS:
        return _kept_path(ast_argument(call, 0, "path", "rule"))
    if method == "add_resource":
        return sum(not isinstance(a, ast.Starred) for a in call.args) > 1
    if method == "register":
        return ("DefaultRouter" in view.text or "SimpleRouter" in view.text) and (
            ast_string(ast_argument(call, 0, "prefix")) is not None
        )
    return False


def _records_decorator(view: SourceView, decorator: ast.expr) -> bool:
    if not isinstance(decorator, ast.Call):
        return view.qualify(decorator) in FLASK_CROSS_ORIGIN
    if view.qualify(decorator.func) in FLASK_CROSS_ORIGIN:
        return True
    func = decorator.func
    if not isinstance(func, ast.Attribute) or func.attr not in ROUTE_DECORATORS:
        return False
    path = ast_argument(decorator, 0, "path", "rule")
    return path is not None and _kept_path(path)


def _assigned_names(view: SourceView) -> list[str]:
    """Names bound by ``NAME = ...`` or ``NAME: T = ...`` anywhere (the collector reads
    those at module level)."""
    names = [
        target.id
        for node in view.nodes(ast.Assign)
        if len(node.targets) == 1 and isinstance(target := node.targets[0], ast.Name)
    ]
    names += [
        node.target.id
        for node in view.nodes(ast.AnnAssign)
        if node.value is not None and isinstance(node.target, ast.Name)
    ]
    return names


def _configures_django(view: SourceView) -> bool:
    """Whether the file may set Django settings the collector records: applications or
    middleware, settings of django-cors-headers, or ``corsheaders`` added by ``+=``."""
    text = view.text
    if "CORS_" not in text and not any(name in text for name in _DJANGO_SETTINGS):
        return False
    names = _assigned_names(view)
    if any(n in ("INSTALLED_APPS", "MIDDLEWARE") or n.startswith("CORS_") for n in names):
        return True
    extends = "MIDDLEWARE_CLASSES" in names or any(
        isinstance(node.target, ast.Name) and node.target.id in _DJANGO_SETTINGS
        for node in view.nodes(ast.AugAssign)
    )
    return extends and any(s.startswith("corsheaders") for s in view.strings())


def _sets_cors_header(view: SourceView) -> bool:
    """Whether a string may hold ``Access-Control-Allow-Origin`` (any case)."""
    if _CORS_HEADER not in view.text.lower():
        return False
    for node in view.nodes(ast.Constant):
        value = node.value
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(value, str) and _CORS_HEADER in value.lower():
            return True
    return False


class WiringCollector(ScopedCollector):
    """Applications, routers, routes, inclusions and middleware (CORS above all)."""

    required_text: ClassVar[Sequence[str]] = (
        "FastAPI",
        "Starlette",
        "Flask",
        "APIRouter",
        "Blueprint",
        "include_router",
        "register_blueprint",
        "add_middleware",
        "Middleware",
        "CORS",
        "Mount",
        ".mount(",
        "api_route(",
        "add_api_route(",
        "add_route(",
        "add_url_rule(",
        "add_resource(",
        "urlpatterns",
        "DefaultRouter",
        "SimpleRouter",
        "INSTALLED_APPS",
        "MIDDLEWARE",
        "ROOT_URLCONF",
        "ccess-Control-Allow-Origin",
        "ccess-control-allow-origin",
        *_ROUTE_TOKENS,
    )

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """Whether the file creates an app or a router, declares or includes routes, adds
        middleware, sets Django's applications or CORS settings, or names the CORS header."""
        if any(_records_call(view, call, qualified) for call, qualified in view.callees()):
            return True
        for kind in (ast.FunctionDef, ast.AsyncFunctionDef):
            for function in view.nodes(kind):
                if any(_records_decorator(view, d) for d in function.decorator_list):
                    return True
        return _configures_django(view) or _sets_cors_header(view)

    def __init__(self, file: PythonFile, context: RuleContext) -> None:
        super().__init__(file, context)
        self._bound: dict[cst.Call, _Bound] = {}
        # Lexical containers of Starlette routes: (call, "app" | "mount", prefix, app ref).
        self._containers: list[tuple[cst.Call, str, str | None, str | None]] = []
        self._pending: list[_Pending] = []
        self._constants: dict[str, cst.BaseExpression] = {}
        self._names: Counter[str] = Counter()
        self._exported: set[str] = set()
        self._django: dict[str, tuple[cst.BaseExpression, cst.CSTNode]] = {}
        self._django_extra: list[str] = []
        self._django_routes = False
        self._header = False

    # Scopes and bindings -----------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            self._decorator(decorator.decorator)
        super().visit_FunctionDef(node)

    def left_function(self, scope: _Scope) -> None:
        for name in scope.returns:
            local = scope.created.get(name)
            if local is not None:
                self._rename(local, f"{scope.qualname}()")

    def _rename(self, old: str, new: str) -> None:
        def renamed(value: object) -> object:
            if isinstance(value, str) and (value == old or value.startswith(old + ".")):
                return new + value[len(old) :]
            return value

        keys = ("ref", "owner", "parent", "child", "target")
        for index, fact in enumerate(self.facts):
            changes = {
                f.name: renamed(getattr(fact, f.name))
                for f in fields(fact)  # type: ignore[arg-type]
                if f.name in keys
            }
            if any(getattr(fact, k) != v for k, v in changes.items()):
                self.facts[index] = replace(fact, **changes)  # type: ignore[type-var]
        for bound_call, bound in list(self._bound.items()):
            if bound.ref == old:
                self._bound[bound_call] = replace(bound, ref=new)

    def visit_Assign(self, node: cst.Assign) -> None:
        targets = [t.target for t in node.targets]
        if len(targets) == 1 and isinstance(targets[0], cst.Name):
            self._bind(targets[0].value, node.value)
            self._module_constant(targets[0].value, node.value, targets[0])
        self.record_assigned(targets)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self._bind(node.target.value, node.value)
            self._module_constant(node.target.value, node.value, node.target)
        self.record_assigned([node.target])

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if (
            isinstance(node.target, cst.Name)
            and node.target.value in _DJANGO_SETTINGS
            and self.scope.kind == "module"
        ):
            self._django_extra.extend(_strings_of(node.value))
        self.record_assigned([node.target])

    def visit_Return(self, node: cst.Return) -> None:
        scope = self.scope
        if scope.kind != "function" or node.value is None:
            return
        if isinstance(node.value, cst.Name):
            scope.returns.add(node.value.value)
        elif isinstance(node.value, cst.Call) and self._creation(node.value) is not None:
            self._bound[node.value] = _Bound(f"{scope.qualname}()", None, None, scope)

    def _bind(self, name: str, value: cst.BaseExpression) -> None:
        if not isinstance(value, cst.Call) or self._creation(value) is None:
            return
        ref = self.local_ref(name)
        scope = self.scope
        if scope.kind == "function" and ref is not None:
            scope.created[name] = ref
        self._bound[value] = _Bound(ref, name, self.statement, scope)

    def _module_constant(self, name: str, value: cst.BaseExpression, target: cst.CSTNode) -> None:
        if self.scope.kind != "module":
            return
        if name in self._constants:
            # Bound twice: which value a use sees depends on the order of execution.
            self._constants[name] = cst.Name("None")
        else:
            self._constants[name] = value
        if name == "__all__":
            self._exported.update(_strings_of(value))
        if name in _DJANGO_SETTINGS or name.startswith("CORS_"):
            self._django[name] = (value, target)

    def _creation(self, call: cst.Call) -> tuple[str, str] | None:
        qualified = self.file.qualify(call.func)
        if qualified in APPS:
            return "app", APPS[qualified]
        if qualified in ROUTERS:
            return "router", ROUTERS[qualified][0]
        return None

    # Calls ---------------------------------------------------------------------------------

    def visit_Name(self, node: cst.Name) -> None:
        self._names[node.value] += 1

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if not self._header and "access-control-allow-origin" in node.value.lower():
            self._header = True
            self._middleware("header", node, "Access-Control-Allow-Origin", None, None)

    def visit_Call(self, node: cst.Call) -> None:
        qualified = self.file.qualify(node.func)
        creation = self._creation(node)
        if creation is not None:
            self._created(node, *creation)
        elif qualified in MOUNT_CLASSES:
            self._mount(node)
        elif qualified in ROUTE_CLASSES:
            self._starlette_route(node)
        elif qualified in MIDDLEWARE_CLASSES:
            first = argument(node, 0, "cls")
            self._middleware("asgi", node, self._middleware_name(first), None, node)
        elif qualified is not None and qualified.rpartition(".")[2] == "CORSMiddleware":
            target = argument(node, 0, "app")
            self._middleware("asgi", node, qualified, self.ref(target), node)
        elif qualified in FLASK_CORS:
            target = argument(node, 0, "app")
            self._middleware("flask-cors", node, qualified, self.ref(target), node)
        elif qualified in DJANGO_ROUTES:
            self._django_route(node, DJANGO_ROUTES[qualified])
        elif isinstance(node.func, cst.Attribute):
            self._method_call(node, node.func.attr.value, node.func.value)

    def leave_Call(self, original_node: cst.Call) -> None:
        if self._containers and self._containers[-1][0] is original_node:
            self._containers.pop()

    def _created(self, node: cst.Call, what: str, kind: str) -> None:
        bound = self._bound.get(node)
        ref = bound.ref if bound is not None else None
        span = self.file.span(node)
        if what == "app":
            for scope in self.scopes:
                if scope.kind == "function":
                    scope.creates_app = True
            factory = bound.scope.qualname if bound and bound.scope.kind == "function" else None
            fix = self._fix_site(bound) if kind == "fastapi" and bound is not None else None
            name = bound.name if bound is not None else None
            self.facts.append(AppFact(kind, ref, name, span, factory, fix))
            self._containers.append((node, "app", "", ref))
            return
        keyword = ROUTERS[self.file.qualify(node.func) or ""][1]
        prefix: str | None = ""
        if keyword is not None:
            given = argument(node, 99, keyword)
            if given is not None:
                prefix = string_value(given)
        self.facts.append(RouterFact(kind, ref, prefix, span))

    def _container_prefix(self) -> tuple[str | None, str | None]:
        """The prefix the enclosing Mounts give, and the app the outermost container is."""
        if not self._containers:
            return "", None
        prefix = self._containers[-1][2]
        outermost = self._containers[0]
        return prefix, outermost[3] if outermost[1] == "app" else None

    def _mount(self, node: cst.Call) -> None:
        outer, app = self._container_prefix()
        path = string_value(argument(node, 0, "path"))
        prefix = join_paths(outer, path) if outer is not None and path is not None else None
        self._containers.append((node, "mount", prefix, app))
        child = argument(node, 1, "app")
        if child is not None:
            self.facts.append(
                IncludeFact(app, self.ref(child), prefix, self.file.span(node), replaces=False)
            )

    def _starlette_route(self, node: cst.Call) -> None:
        outer, app = self._container_prefix()
        path = string_value(argument(node, 0, "path"))
        full = join_paths(outer, path) if outer is not None and path is not None else None
        rooted = app is not None and full is not None
        get = self._answers_get(argument(node, 99, "methods"), None)
        self.facts.append(RouteFact(app, full, get, self.file.span(node), rooted=rooted))

    def _django_route(self, node: cst.Call, pattern: bool) -> None:
        module = self.file.module_name
        self._django_routes = True
        path = string_value(argument(node, 0, "route", "regex"))
        if pattern and path is not None:
            path = path.removeprefix("^").removesuffix("$")
        view = argument(node, 1, "view")
        if isinstance(view, cst.Call) and self.file.qualify(view.func) in DJANGO_INCLUDE:
            target = argument(view, 0, "arg")
            if isinstance(target, cst.Tuple) and target.elements:
                target = target.elements[0].value
            child = string_value(target)
            if child is None and isinstance(target, cst.Attribute) and target.attr.value == "urls":
                child = self.ref(target.value)
            self.facts.append(IncludeFact(module, child, path, self.file.span(node)))
            return
        self.facts.append(RouteFact(module, path, None, self.file.span(node), pattern=pattern))

    def _method_call(self, node: cst.Call, method: str, receiver: cst.BaseExpression) -> None:
        if method == "add_middleware":
            first = argument(node, 0, "middleware_class")
            self._middleware("asgi", node, self._middleware_name(first), self.ref(receiver), node)
        elif method == "include_router":
            prefix = argument(node, 99, "prefix")
            self.facts.append(
                IncludeFact(
                    self.ref(receiver),
                    self.ref(argument(node, 0, "router")),
                    "" if prefix is None else string_value(prefix),
                    self.file.span(node),
                )
            )
        elif method == "register_blueprint":
            prefix = argument(node, 99, "url_prefix")
            self.facts.append(
                IncludeFact(
                    self.ref(receiver),
                    self.ref(argument(node, 0, "blueprint")),
                    "" if prefix is None else string_value(prefix),
                    self.file.span(node),
                    replaces=prefix is not None,
                )
            )
        elif method == "mount":
            path = string_value(argument(node, 0, "path"))
            if path is not None and not path.startswith("/"):
                return  # requests' Session.mount("https://", adapter) and the like
            child = argument(node, 1, "app")
            self.facts.append(
                IncludeFact(self.ref(receiver), self.ref(child), path, self.file.span(node))
            )
        elif method in ROUTE_CALLS:
            self._route(node, receiver, argument(node, 0, "path", "rule"), None)
        elif method == "add_resource":
            for given in positional_arguments(node)[1:]:
                path = string_value(given)
                span = self.file.span(node)
                self.facts.append(RouteFact(self.ref(receiver), path, None, span))
        elif method == "register" and (
            "DefaultRouter" in self.file.text or "SimpleRouter" in self.file.text
        ):
            path = string_value(argument(node, 0, "prefix"))
            if path is not None:
                self.facts.append(RouteFact(self.ref(receiver), path, None, self.file.span(node)))

    def _decorator(self, decorator: cst.BaseExpression) -> None:
        if not isinstance(decorator, cst.Call):
            if self.file.qualify(decorator) in FLASK_CROSS_ORIGIN:
                self._middleware("flask-cors", decorator, "flask_cors.cross_origin", None, None)
            return
        qualified = self.file.qualify(decorator.func)
        if qualified in FLASK_CROSS_ORIGIN:
            self._middleware("flask-cors", decorator, qualified, None, decorator)
            return
        func = decorator.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in ROUTE_DECORATORS:
            return
        path = argument(decorator, 0, "path", "rule")
        if path is None:
            return
        self._route(decorator, func.value, path, ROUTE_DECORATORS[func.attr.value])

    def _route(
        self,
        node: cst.Call,
        receiver: cst.BaseExpression,
        path_node: cst.BaseExpression | None,
        method: str | None,
    ) -> None:
        path = string_value(path_node)
        if path is not None and path and not path.startswith("/"):
            return  # not a URL path: `cache.get("key")` and the like
        get = (
            method == "GET"
            if method is not None
            else self._answers_get(argument(node, 99, "methods"), True)
        )
        self.facts.append(RouteFact(self.ref(receiver), path, get, self.file.span(node)))

    def _answers_get(
        self, methods: cst.BaseExpression | None, default: bool | None
    ) -> bool | None:
        if methods is None:
            return True if default is None else default
        values = _literal_strings(methods)
        if values is None:
            return None
        return any(v.upper() == "GET" for v in values)

    def _middleware_name(self, node: cst.BaseExpression | None) -> str:
        if node is None:
            return ""
        return self.file.qualify(node) or dotted(node) or ""

    def _middleware(
        self,
        kind: str,
        node: cst.CSTNode,
        name: str,
        target: str | None,
        options: cst.Call | None,
    ) -> None:
        self._pending.append(_Pending(kind, node, name, target, self.outer_function(), options))

    # The fix site of an application --------------------------------------------------------

    def _fix_site(self, bound: _Bound) -> CorsFixSite | None:
        statement = bound.statement
        scope = bound.scope
        if statement is None or len(statement.body) != 1 or scope.nesting != 0:
            return None
        if scope.kind == "function" and self.scopes[:2] != [self.scopes[0], scope]:
            return None  # only module-level factories
        if scope.kind not in ("module", "function"):
            return None
        end = self.file.span(statement.body[0]).end
        index = self.file.positions.index
        line = index.line_text(self.file.span(statement.body[0]).start.row)
        indent = line[: len(line) - len(line.lstrip())]
        newline = self.file.module.default_newline
        if self.file.text.endswith(("\n", "\r")) or end.row < index.line_count:
            at, lead = Position(end.row + 1, 1), ""
        else:
            at, lead = end, newline
        shadowed = scope.params | scope.assigned if scope.kind == "function" else set()
        settings = tuple(
            (local, target)
            for local, target in sorted(self.file.symbols.aliases.items())
            if ("settings" in local.lower() or local == "config") and local not in shadowed
        )
        import_edit = self.file.import_edit("fastapi.middleware.cors", "CORSMiddleware")
        return CorsFixSite(at, lead, indent, newline, import_edit, settings)

    # The end ------------------------------------------------------------------------------

    def leave_Module(self, original_node: cst.Module) -> None:
        for pending in self._pending:
            self.facts.append(self._evaluate(pending))
        self._django_settings()
        if self._django_routes:
            module = self.file.module_name
            self.facts.append(
                RouterFact("django", module, "", Span(Position(1, 1), Position(1, 1)))
            )

    def _function_in_use(self, scope: _Scope) -> bool:
        return (
            scope.decorated
            or scope.creates_app
            or self._names[scope.name] > 1
            or scope.name in self._exported
        )

    def _evaluate(self, pending: _Pending) -> MiddlewareFact:
        span = self.file.span(pending.call)
        function = pending.function
        unused = function.name if function and not self._function_in_use(function) else None
        cors = pending.kind != "asgi" or "cors" in pending.name.rpartition(".")[2].lower()
        wildcard = credentials = False
        if pending.options is not None and cors:
            if pending.kind == "asgi":
                wildcard, credentials = self._starlette_cors(pending.options)
            elif pending.kind == "flask-cors":
                wildcard, credentials = self._flask_cors(pending.options)
        return MiddlewareFact(
            pending.kind,
            pending.name,
            cors,
            span,
            pending.target,
            wildcard and credentials,
            credentials,
            unused,
        )

    def _resolved(self, node: cst.BaseExpression | None) -> cst.BaseExpression | None:
        if isinstance(node, cst.Name) and node.value in self._constants:
            return self._constants[node.value]
        return node

    def _strings(self, node: cst.BaseExpression | None) -> tuple[str, ...] | None:
        return _literal_strings(self._resolved(node))

    def _starlette_cors(self, call: cst.Call) -> tuple[bool, bool]:
        keywords = keyword_arguments(call)
        origins = self._strings(keywords.get("allow_origins")) or ()
        wildcard = "*" in origins
        regex = string_value(self._resolved(keywords.get("allow_origin_regex")))
        if regex is not None and pattern_allows_any_origin(regex):
            wildcard = True
        credentials = is_true(self._resolved(keywords.get("allow_credentials")))
        return wildcard, credentials

    def _flask_cors(self, call: cst.Call) -> tuple[bool, bool]:
        keywords = keyword_arguments(call)
        if is_true(self._resolved(keywords.get("send_wildcard"))):
            return False, False  # flask-cors refuses credentials with a literal `*` then
        origins = keywords.get("origins")
        credentials = is_true(self._resolved(keywords.get("supports_credentials")))
        resources = self._resolved(keywords.get("resources"))
        if resources is None or not isinstance(resources, cst.Dict):
            if resources is not None and self._strings(resources) is None:
                return False, credentials
            return self._flask_wildcard(origins), credentials
        for element in resources.elements:
            if not isinstance(element, cst.DictElement):
                return False, credentials
            value = element.value
            if not isinstance(value, cst.Dict):
                continue
            options = {
                string_value(e.key): e.value
                for e in value.elements
                if isinstance(e, cst.DictElement)
            }
            own_origins = options.get("origins", origins)
            own_credentials = (
                is_true(options["supports_credentials"])
                if "supports_credentials" in options
                else credentials
            )
            if own_credentials and self._flask_wildcard(own_origins):
                return True, True
        return False, credentials

    def _flask_wildcard(self, origins: cst.BaseExpression | None) -> bool:
        if origins is None:
            return True  # flask-cors allows every origin by default
        values = self._strings(origins)
        if values is None:
            return False
        return any(
            v == "*"
            or (("*" in v or "\\" in v) and pattern_allows_any_origin(v, anchored_end=False))
            for v in values
        )

    def _django_settings(self) -> None:
        settings = self._django
        apps = _strings_of(settings["INSTALLED_APPS"][0]) if "INSTALLED_APPS" in settings else ()
        middleware: tuple[str, ...] = ()
        for key in ("MIDDLEWARE", "MIDDLEWARE_CLASSES"):
            if key in settings:
                middleware += _strings_of(settings[key][0])
        if "INSTALLED_APPS" in settings or "MIDDLEWARE" in settings:
            anchor = settings.get("INSTALLED_APPS") or settings["MIDDLEWARE"]
            root = settings.get("ROOT_URLCONF")
            self.facts.append(
                DjangoSettingsFact(
                    self.file.span(anchor[1]),
                    apps,
                    middleware,
                    string_value(root[0]) if root else None,
                    self.file.span(root[1]) if root else None,
                )
            )
        every = (*apps, *middleware, *self._django_extra)
        cors_settings = [name for name in settings if name.startswith("CORS_")]
        if not cors_settings and not any(s.startswith("corsheaders") for s in every):
            return
        wildcard = any(is_true(settings[n][0]) for n in DJANGO_CORS_ALL if n in settings)
        anchor_name = next((n for n in DJANGO_CORS_ALL if n in settings), None)
        for name in DJANGO_CORS_REGEXES:
            if name in settings and any(
                pattern_allows_any_origin(p, anchored_end=False)
                for p in _strings_of(settings[name][0])
            ):
                wildcard = True
                anchor_name = anchor_name or name
        credentials = DJANGO_CORS_CREDENTIALS in settings and is_true(
            settings[DJANGO_CORS_CREDENTIALS][0]
        )
        anchor_name = anchor_name or (cors_settings[0] if cors_settings else None)
        if anchor_name is not None:
            span = self.file.span(settings[anchor_name][1])
        elif "INSTALLED_APPS" in settings:
            span = self.file.span(settings["INSTALLED_APPS"][1])
        else:
            span = Span(Position(1, 1), Position(1, 1))
        self.facts.append(
            MiddlewareFact(
                "django", "corsheaders", True, span, None, wildcard and credentials, credentials
            )
        )


def _literal_strings(node: cst.BaseExpression | None) -> tuple[str, ...] | None:
    """The strings of a string literal or of a list, tuple or set literal of them.

    Elements that are not string literals are left out; ``None`` when ``node`` is neither.
    """
    value = string_value(node)
    if value is not None:
        return (value,)
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return tuple(v for e in node.elements if (v := string_value(e.value)) is not None)
    return None


def _strings_of(node: cst.BaseExpression | None) -> tuple[str, ...]:
    return _literal_strings(node) or ()


class SettingsCollector(ScopedCollector):
    """Module-level settings classes: their fields and where a new field would go."""

    required_text: ClassVar[Sequence[str]] = ("Settings",)

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """Whether a class derives from a name that is, or ends in, ``Settings``."""
        for node in view.nodes(ast.ClassDef):
            for base in node.bases:
                given = base.value if isinstance(base, ast.Starred) else base
                qualified = view.qualify(given)
                if qualified is not None and (
                    qualified in SETTINGS_BASES or qualified.endswith("Settings")
                ):
                    return True
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self.scope.kind == "module":
            self._settings_class(node)
        super().visit_ClassDef(node)

    def _settings_class(self, node: cst.ClassDef) -> None:
        bases = tuple(q for b in node.bases if (q := self.file.qualify(b.value)) is not None)
        if not any(b in SETTINGS_BASES or b.endswith("Settings") for b in bases):
            return
        body = node.body
        if not isinstance(body, cst.IndentedBlock):
            return
        found: list[tuple[str, str]] = []
        last: cst.CSTNode | None = None
        for statement in body.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    annotation = self.file.code_for(small.annotation.annotation)
                    found.append((small.target.value, annotation))
                    last = small
        insert_at: Position | None = None
        indent = ""
        if last is not None:
            span = self.file.span(last)
            line = self.file.positions.index.line_text(span.start.row)
            indent = line[: len(line) - len(line.lstrip())]
            if span.end.row < self.file.positions.index.line_count:
                insert_at = Position(span.end.row + 1, 1)
        self.facts.append(
            SettingsClassFact(
                self.file.qualname(node.name.value),
                bases,
                tuple(found),
                insert_at,
                indent,
                self.file.module.default_newline,
            )
        )
