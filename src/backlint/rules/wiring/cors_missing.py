"""BK401 cors-missing: a web application with no CORS configuration anywhere in the project."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from backlint.diagnostics import Diagnostic, Edit, Fix
from backlint.project import FileResult, ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.wiring.facts import (
    AppFact,
    CorsFixSite,
    DjangoSettingsFact,
    IncludeFact,
    MiddlewareFact,
    RouteFact,
    SettingsClassFact,
)
from backlint.rules.wiring.frameworks import (
    CORS_MODULES,
    DJANGO_API_APPS,
    DJANGO_API_MODULES,
    KNOWN_SETTINGS_KINDS,
    SETTINGS_KIND,
    TEMPLATE_MODULES,
    TEMPLATE_NAMES,
)
from backlint.rules.wiring.graph import (
    Names,
    absolute_import,
    imports_name,
    is_test_file,
    shown_path,
)

FRAMEWORK_NAMES = {"fastapi": "FastAPI", "starlette": "Starlette", "flask": "Flask"}
_ORIGIN_LISTS = re.compile(
    r"(list|List|tuple|Tuple|set|Set|frozenset|FrozenSet|Sequence|typing\.List|typing\.Sequence)"
    r"\[\s*str\s*(,\s*\.\.\.\s*)?\]"
)
_NEW_FIELD = "cors_origins"


def _imported_modules(file: FileResult) -> Iterator[tuple[str, tuple[str, ...]]]:
    for fact in file.imports:
        yield absolute_import(fact, file), fact.names


def _within(module: str, packages: frozenset[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


@dataclass
class CorsEvidence:
    """What the project shows of CORS: whether it is configured where it runs, and helpers
    that configure it but that nothing uses."""

    present: bool = False
    unused: list[tuple[FileResult, MiddlewareFact]] = field(default_factory=list)

    @classmethod
    def of(cls, project: ProjectFacts) -> CorsEvidence:
        evidence = cls()
        with_facts: set[str] = set()
        for file, fact in project.facts(MiddlewareFact):
            if not fact.cors:
                continue
            with_facts.add(file.path)
            if fact.function is None or imports_name(project, file.module, fact.function):
                evidence.present = True
                return evidence
            evidence.unused.append((file, fact))
        # A file that imports a CORS middleware but showed no use the collectors understood
        # uses it in some way they do not follow: take CORS as configured.
        for file in project.python_files():
            if file.path in with_facts:
                continue
            for module, names in _imported_modules(file):
                if _within(module, CORS_MODULES) or (
                    module in ("fastapi.middleware", "starlette.middleware") and "cors" in names
                ):
                    evidence.present = True
                    return evidence
        return evidence


def serves_templates(project: ProjectFacts) -> bool:
    """Whether the project renders HTML pages (served to their own origin)."""
    for file in project.python_files():
        if is_test_file(file.path, project.root):
            continue
        for module, names in _imported_modules(file):
            if _within(module, TEMPLATE_MODULES):
                return True
            if module == "flask" and TEMPLATE_NAMES.intersection(names):
                return True
    return False


def _serves_routes(project: ProjectFacts) -> bool:
    """Whether the project declares a route or an inclusion anywhere outside tests."""
    return any(
        not is_test_file(file.path, project.root)
        for kind in (RouteFact, IncludeFact)
        for file, _ in project.facts(kind)
    )


def _django_api(project: ProjectFacts, settings: DjangoSettingsFact) -> bool:
    if any(app.split(".")[0] in DJANGO_API_APPS for app in settings.installed_apps):
        return True
    return any(
        _within(module, DJANGO_API_MODULES)
        for file in project.python_files()
        for module, _ in _imported_modules(file)
    )


class CorsMissing(ProjectRule):
    """
    ## What it does
    Checks that a web application (FastAPI, Starlette, Flask, or a Django project serving an
    API through Django REST framework, django-ninja or graphene-django) has a CORS
    configuration somewhere in the project, and reports the application where it is
    created when it has none.

    Any of these counts, in any module and under any condition (`if settings.cors_origins:
    app.add_middleware(...)` counts): `app.add_middleware(CORSMiddleware, ...)`,
    `Middleware(CORSMiddleware, ...)` in the constructor's `middleware=`, an app wrapped in
    `CORSMiddleware(app, ...)`, flask-cors's `CORS(app)` and `@cross_origin`,
    django-cors-headers in `INSTALLED_APPS`/`MIDDLEWARE` or any `CORS_*` setting, and code
    that writes the `Access-Control-Allow-Origin` header itself. A registration inside a
    function counts when the function is used: called or referenced in its module,
    decorated, creating the application, listed in `__all__`, or imported (by name, or its
    module) anywhere in the project. A helper that configures CORS but that nothing uses is
    named in the message.

    Applications in test files are not checked, and neither are a project that renders HTML
    templates (its pages are served to their own origin) and one that declares no route
    backlint can read (what it serves cannot be told).

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 3, puts the CORS setup in every backend's
    `main.py`. Without it, a browser front end served from another origin (the usual setup:
    `app.example.com` calling `api.example.com`, or `localhost:5173` calling
    `localhost:8000` in development) cannot read any response of the API; the failure shows
    up only in the browser's console, after deployment.

    ## Example
    ```python
    from fastapi import FastAPI

    app = FastAPI()
    ```

    ## Use instead
    ```python
    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware

    from app.core.config import settings

    app = FastAPI()
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    ```

    ## Fix safety
    For a FastAPI application created at module level or in a module-level factory, in a
    module where a settings object is in scope, the fix adds `CORSMiddleware` right after
    the application is created, with the allowed origins read from the settings: from a
    field that already lists origins (`cors_origins: list[str]`), or from a new field
    `cors_origins: list[str] = []` added to the settings class. It never allows every
    origin: until the variable is set, no other origin is allowed. The fix is unsafe: it
    changes the responses the application sends, and which origins to allow is a decision
    for the deployment.
    """

    code = "BK401"
    name = "cors-missing"
    family = "wiring"
    summary = "Web application without a CORS configuration"
    seed = "000"
    fix_availability = FixAvailability.SOMETIMES
    known_kinds = KNOWN_SETTINGS_KINDS

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        root = project.root
        apps = sorted(
            (
                (file, fact)
                for file, fact in project.facts(AppFact)
                if not is_test_file(file.path, root)
            ),
            key=lambda item: (item[0].path, item[1].span.start),
        )
        django = sorted(
            (
                (file, fact)
                for file, fact in project.facts(DjangoSettingsFact)
                if not is_test_file(file.path, root)
            ),
            key=lambda item: item[0].path,
        )
        django = [(f, s) for f, s in django if _django_api(project, s)]
        if not _serves_routes(project):
            apps = []  # an application serving nothing backlint can read: nothing to judge
        if not apps and not django:
            return
        if serves_templates(project):
            return
        evidence = CorsEvidence.of(project)
        if evidence.present:
            return
        unused = ""
        if evidence.unused:
            file, fact = evidence.unused[0]
            unused = (
                f": `{fact.function}()` in `{shown_path(file.path, root)}` configures CORS "
                "but nothing uses it"
            )
        names = Names(project)
        for file, app in apps:
            framework = FRAMEWORK_NAMES[app.framework]
            label = f"`{app.name}`" if app.name else "The application"
            message = f"{label} ({framework}) has no CORS configuration anywhere in the project"
            fix = self._fix(project, names, app) if app.fix is not None else None
            yield self.diagnostic(
                file.path,
                app.span,
                message + unused,
                fix=fix,
                help=_HELP[app.framework],
            )
        if django:
            file, settings = django[0]
            yield self.diagnostic(
                file.path,
                settings.span,
                "This Django API has no CORS configuration anywhere in the project" + unused,
                help=_HELP["django"],
            )

    def _fix(self, project: ProjectFacts, names: Names, app: AppFact) -> Fix | None:
        site = app.fix
        if site is None or app.name is None:
            return None
        classes = {
            fact.qualname: (file, fact)
            for file, fact in project.facts(SettingsClassFact)
            if SETTINGS_KIND in project.kinds.kinds(fact.qualname)
        }
        for local, target in site.settings:
            found = _settings_class(names, target, classes.keys())
            if found is None:
                continue
            file, settings_class = classes[found]
            origins = _origin_field(settings_class)
            edits: list[Edit] = []
            if origins is None:
                if settings_class.insert_at is None or any(
                    name == _NEW_FIELD for name, _ in settings_class.fields
                ):
                    continue
                origins = _NEW_FIELD
                line = (
                    f"{settings_class.indent}{_NEW_FIELD}: list[str] = []{settings_class.newline}"
                )
                edits.append(
                    Edit(settings_class.insert_at, settings_class.insert_at, line, path=file.path)
                )
            edits.insert(0, _middleware_edit(site, app.name, f"{local}.{origins}"))
            if site.import_edit is not None:
                edits.insert(0, site.import_edit)
            return Fix.unsafe(
                f"Add `CORSMiddleware` allowing the origins of `{local}.{origins}`", edits
            )
        return None


def _settings_class(names: Names, target: str, classes: Collection[str]) -> str | None:
    """The settings class ``target`` is an instance of (``settings = Settings()``)."""
    ref: str | None = target
    seen: set[str] = set()
    while ref is not None and not ref.endswith("()"):
        if ref in seen or len(seen) > 12:
            return None
        seen.add(ref)
        ref = names.follow(ref)
    if ref is None:
        return None
    return names.resolve(ref[:-2], classes)


def _origin_field(settings_class: SettingsClassFact) -> str | None:
    for name, annotation in settings_class.fields:
        if "origin" in name.lower() and _ORIGIN_LISTS.fullmatch(annotation.replace(" ", "")):
            return name
    return None


def _middleware_edit(site: CorsFixSite, app: str, origins: str) -> Edit:
    inner = site.indent + "    "
    lines = [
        f"{site.indent}{app}.add_middleware(",
        f"{inner}CORSMiddleware,",
        f"{inner}allow_origins={origins},",
        f'{inner}allow_methods=["*"],',
        f'{inner}allow_headers=["*"],',
        f"{site.indent})",
    ]
    block = site.newline.join(lines)
    text = site.lead + block if site.lead else block + site.newline
    return Edit(site.insert_at, site.insert_at, text)


_HELP = {
    "fastapi": (
        "Add `CORSMiddleware` with the origins allowed to call the API, read from settings"
    ),
    "starlette": (
        "Add `Middleware(CORSMiddleware, allow_origins=...)` with the origins allowed to call "
        "the API, read from settings"
    ),
    "flask": "Add flask-cors: `CORS(app, origins=...)` with the allowed origins from settings",
    "django": (
        "Add django-cors-headers: `corsheaders` in INSTALLED_APPS, its middleware in "
        "MIDDLEWARE, and CORS_ALLOWED_ORIGINS"
    ),
}
