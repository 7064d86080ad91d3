"""What the wiring rules know about web frameworks: constructors, routing calls, CORS names.

Names are the dotted names an expression resolves to through the file's imports, so that
``from fastapi import FastAPI as API`` and ``import fastapi`` are both understood.
"""

from __future__ import annotations

import re

# Application constructors, by framework.
APPS = {
    "fastapi.FastAPI": "fastapi",
    "fastapi.applications.FastAPI": "fastapi",
    "starlette.applications.Starlette": "starlette",
    "flask.Flask": "flask",
    "flask.app.Flask": "flask",
}

# Objects routes hang on, with the keyword holding their own prefix.
ROUTERS = {
    "fastapi.APIRouter": ("fastapi", "prefix"),
    "fastapi.routing.APIRouter": ("fastapi", "prefix"),
    "flask.Blueprint": ("flask", "url_prefix"),
    "flask.blueprints.Blueprint": ("flask", "url_prefix"),
    "rest_framework.routers.DefaultRouter": ("drf", None),
    "rest_framework.routers.SimpleRouter": ("drf", None),
}

# Decorators that declare a route, and the method each implies (None: from `methods=`).
ROUTE_DECORATORS: dict[str, str | None] = {
    "get": "GET",
    "post": "POST",
    "put": "PUT",
    "patch": "PATCH",
    "delete": "DELETE",
    "head": "HEAD",
    "options": "OPTIONS",
    "trace": "TRACE",
    "route": None,
    "api_route": None,
}

# Methods that add a route: the index of the path argument.
ROUTE_CALLS = {"add_api_route": 0, "add_route": 0, "add_url_rule": 0}

ROUTE_CLASSES = frozenset({"starlette.routing.Route", "fastapi.routing.APIRoute"})
MOUNT_CLASSES = frozenset({"starlette.routing.Mount"})
MIDDLEWARE_CLASSES = frozenset(
    {"starlette.middleware.Middleware", "fastapi.middleware.Middleware"}
)

DJANGO_ROUTES = {
    "django.urls.path": False,
    "django.urls.re_path": True,
    "django.conf.urls.url": True,
}
DJANGO_INCLUDE = frozenset({"django.urls.include", "django.conf.urls.include"})

FLASK_CORS = frozenset({"flask_cors.CORS", "flask_cors.extension.CORS"})
FLASK_CROSS_ORIGIN = frozenset({"flask_cors.cross_origin", "flask_cors.decorator.cross_origin"})

# Modules whose import shows that CORS is handled somewhere.
CORS_MODULES = frozenset(
    {
        "fastapi.middleware.cors",
        "starlette.middleware.cors",
        "flask_cors",
        "corsheaders",
        "aiohttp_cors",
        "sanic_cors",
        "quart_cors",
    }
)

# Django settings that configure django-cors-headers.
DJANGO_CORS_ALL = frozenset({"CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"})
DJANGO_CORS_REGEXES = frozenset({"CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"})
DJANGO_CORS_CREDENTIALS = "CORS_ALLOW_CREDENTIALS"

# Django applications that make a project an HTTP API (browsers on other origins call it).
DJANGO_API_APPS = frozenset({"rest_framework", "ninja", "graphene_django", "strawberry_django"})
DJANGO_API_MODULES = frozenset({"rest_framework", "ninja", "graphene_django", "strawberry_django"})

# Server-rendered pages are served to the same origin: CORS is not what they need.
TEMPLATE_MODULES = frozenset({"fastapi.templating", "starlette.templating", "flask.templating"})
TEMPLATE_NAMES = frozenset({"render_template", "render_template_string"})

SETTINGS_BASES = frozenset(
    {
        "pydantic.BaseSettings",
        "pydantic.v1.BaseSettings",
        "pydantic.env_settings.BaseSettings",
        "pydantic_settings.BaseSettings",
        "pydantic_settings.main.BaseSettings",
    }
)
SETTINGS_KIND = "wiring:settings"
KNOWN_SETTINGS_KINDS = {name: frozenset({SETTINGS_KIND}) for name in SETTINGS_BASES}

# The last segment of a path that serves a health or readiness probe.
HEALTH_SEGMENT = re.compile(
    r"_?(health(z|[-_]?checks?|[-_]?status)?|livez?|readyz?|liveness|readiness|ping|heartbeat)",
    re.IGNORECASE,
)
# A module (a component of its dotted name) that serves health checks: the project's own
# `health.py`, or a library.
HEALTH_MODULE = re.compile(r"_?(health(z|[-_]?checks?)?|probes?)", re.IGNORECASE)
HEALTH_LIBRARIES = frozenset(
    {"fastapi_health", "health_check", "healthcheck", "flask_healthz", "starlette_health"}
)


def names_health_module(dotted: str) -> bool:
    """Whether a dotted module name (or Django app label) is about health checks."""
    return any(
        HEALTH_MODULE.fullmatch(part) or part in HEALTH_LIBRARIES for part in dotted.split(".")
    )


# Origins no configuration means to allow: a pattern matching all of them allows any site
# (attackers serve their pages over https like everyone else).
FOREIGN_ORIGINS = ("https://attacker.example", "https://evil.test", "https://a.b.example.org")


def pattern_allows_any_origin(pattern: str, *, anchored_end: bool = True) -> bool:
    """Whether a regular expression over origins matches sites nobody meant to allow.

    Starlette matches ``allow_origin_regex`` with ``fullmatch``; flask-cors and
    django-cors-headers with ``match`` (anchored at the start only).
    """
    try:
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    matcher = compiled.fullmatch if anchored_end else compiled.match
    return all(matcher(origin) is not None for origin in FOREIGN_ORIGINS)
