"""The ast gates of the wiring family: no on files that only mention its words, yes on
every kind of file its collectors record facts from or BK404 reports in.

Each case runs the gate and the full libcst pass side by side: a "no" case must pass the
text gate (it is a file the ast gate spares a parse) and give the full pass nothing to find;
a "yes" case must give it something, so that the gate is shown to let it through.
"""

from __future__ import annotations

import ast
import os

import libcst as cst
import pytest

from backlint.engine import passes_text_gate
from backlint.rule import FactCollector, PythonFile, PythonRule, RuleContext
from backlint.rules.wiring.collect import SettingsCollector, WiringCollector
from backlint.rules.wiring.secrets import HardcodedSecret
from backlint.sources.symbols import module_name
from backlint.sources.view import SourceView

ROOT = os.path.join(os.sep, "srv", "service")
Checked = type[FactCollector] | type[PythonRule]


def gate_and_pass(kind: Checked, text: str, relative: str) -> tuple[bool, list[object]]:
    """What the ast gate says of a file, and what the full pass finds in it."""
    path = os.path.join(ROOT, *relative.split("/"))
    context = RuleContext(src=(ROOT,))
    name = module_name(path, context.src)
    package = os.path.basename(path) == "__init__.py"
    tree = ast.parse(text)
    applies = kind.applies(SourceView(path, text, tree, name, package, context))
    module = cst.parse_module(text)
    file = PythonFile(path, text, module, name, package, tree=tree)
    visitor = kind(file, context)
    cst.visit_batched(module, [visitor])
    return applies, [*getattr(visitor, "diagnostics", ()), *visitor.facts]


def assert_spared(kind: Checked, text: str, relative: str = "app/module.py") -> None:
    assert passes_text_gate(kind.required_text, text), "the text gate already spares this file"
    applies, found = gate_and_pass(kind, text, relative)
    assert found == []
    assert not applies


def assert_kept(kind: Checked, text: str, relative: str = "app/module.py") -> None:
    applies, found = gate_and_pass(kind, text, relative)
    assert found, "the full pass finds nothing here: not a case the gate must keep"
    assert applies


# -- WiringCollector ----------------------------------------------------------------------

WIRING_SPARED = {
    "django test client": '''
from django.test import TestCase, override_settings


@override_settings(ROOT_URLCONF="tests.urls", MIDDLEWARE=["a.Middleware"])
class ViewTests(TestCase):
    """urlpatterns are in tests/urls.py; the CORS headers are not sent here."""

    def test_get(self):
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        self.client.post('/login/', {"user": "x"})
''',
    "requests session mount": """
import requests
from requests.adapters import HTTPAdapter

session = requests.Session()
session.mount("https://", HTTPAdapter(max_retries=3))
session.mount('http://', HTTPAdapter())
""",
    "cache lookups and plain decorators": """
from functools import lru_cache


class Store:
    # The FastAPI app reads this store through a Middleware.
    @property
    def value(self):
        return self.cache.get("key")

    @lru_cache
    def options(self):
        return self.client.options("*")

    @registry.get("handler-name")
    def handler(self):
        return self.data.delete("/tmp/x")
""",
    "admin registration next to a router's name": """
from django.contrib import admin

from .models import Book

# Routes live in api.py (DefaultRouter); the admin only registers models.
admin.site.register(Book)
registry.register(handler, Book)
""",
    "django settings without applications": """
ROOT_URLCONF = "project.urls"
MIDDLEWARE_CLASSES = ["django.middleware.common.CommonMiddleware"]


def configure(settings):
    settings.INSTALLED_APPS = ["app"]
""",
    "route methods on other objects": """
def setup(registry, url):
    registry.add_url_rule("name", url)
    registry.add_resource(handler)
    registry.add_route("key", handler)
""",
}


@pytest.mark.parametrize("text", WIRING_SPARED.values(), ids=WIRING_SPARED.keys())
def test_wiring_gate_spares_files_that_only_mention_wiring(text: str) -> None:
    assert_spared(WiringCollector, text)


WIRING_KEPT = {
    "fastapi app": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "aliased flask app": "import flask as f\n\n\ndef create():\n    return f.Flask(__name__)\n",
    "router": "from fastapi import APIRouter\n\nrouter = APIRouter(prefix='/items')\n",
    "blueprint": "from flask import Blueprint\n\nbp = Blueprint('bp', __name__)\n",
    "starlette mount": (
        "from starlette.routing import Mount\n\nroutes = [Mount('/api', app=api)]\n"
    ),
    "starlette route": (
        "from starlette.routing import Route\n\nroutes = [Route('/health', health)]\n"
    ),
    "middleware entry": (
        "from starlette.middleware import Middleware\n\nstack = [Middleware(Gzip)]\n"
    ),
    "cors middleware of another module": (
        "from app.cors import CORSMiddleware\n\nwrapped = CORSMiddleware(application)\n"
    ),
    "flask-cors": "from flask_cors import CORS\n\nCORS(app)\n",
    "cross_origin bare": (
        "from flask_cors import cross_origin\n\n\n@cross_origin\ndef view():\n    pass\n"
    ),
    "cross_origin call": (
        "from flask_cors import cross_origin\n\n\n@cross_origin(origins='*')\n"
        "def view():\n    pass\n"
    ),
    "django path": (
        "from django.urls import path\n\nurlpatterns = [path('books/', views.books)]\n"
    ),
    "django re_path": (
        "from django.urls import re_path\n\nurlpatterns = [re_path(r'^a/$', views.a)]\n"
    ),
    "imported app adds middleware": (
        "from app.main import app\n\napp.add_middleware(TimingMiddleware)\n"
    ),
    "include_router": "from app.main import app\n\napp.include_router(api.router)\n",
    "register_blueprint": "def wire(app, bp):\n    app.register_blueprint(bp)\n",
    "mount at a path": "app.mount('/static', StaticFiles(directory='static'))\n",
    "mount of an unknown path": "app.mount(PREFIX, sub)\n",
    "add_api_route": "router.add_api_route('/items', list_items)\n",
    "add_url_rule by keyword": "app.add_url_rule(rule=RULE, view_func=view)\n",
    "add_route at the root": "app.add_route('', index)\n",
    "add_resource": "api.add_resource(Items, '/items')\n",
    "drf register": (
        "from rest_framework.routers import DefaultRouter\n\n"
        "router = make_router()\nrouter.register(r'books', BookViewSet)\n"
    ),
    "route decorator": "@app.get('/items')\ndef items():\n    pass\n",
    "async route decorator": "@router.api_route(path=PATH)\nasync def items():\n    pass\n",
    "empty route path": "@router.post('')\nasync def create():\n    pass\n",
    "installed apps": "INSTALLED_APPS = ['django.contrib.admin']\n",
    "middleware setting": "MIDDLEWARE: list[str] = ['django.middleware.common.X']\n",
    "cors setting in a branch": "if ENV == 'prod':\n    CORS_ALLOW_ALL_ORIGINS = True\n",
    "corsheaders added": "from .base import *\n\nINSTALLED_APPS += ['corsheaders']\n",
    "corsheaders in old middleware": (
        "MIDDLEWARE_CLASSES = ['corsheaders.middleware.CorsMiddleware']\n"
    ),
    "header": "def allow(response):\n    response['Access-Control-Allow-Origin'] = '*'\n",
    "bytes header": "HEADERS = [(b'access-control-allow-origin', b'*')]\n",
    "header after an escape": "HEADER = '\\access-control-allow-origin'\n",
    "header in a docstring": '"""Sets Access-Control-Allow-Origin."""\n',
}


@pytest.mark.parametrize("text", WIRING_KEPT.values(), ids=WIRING_KEPT.keys())
def test_wiring_gate_keeps_every_kind_of_fact(text: str) -> None:
    assert_kept(WiringCollector, text)


def test_wiring_gate_keeps_django_urls_and_settings_of_a_real_layout() -> None:
    urls = (
        "from django.contrib import admin\nfrom django.urls import include, path\n\n"
        "urlpatterns = [\n    path('admin/', admin.site.urls),\n"
        "    path('api/', include('api.urls')),\n]\n"
    )
    settings = (
        "import os\n\nSECRET_KEY = os.environ['SECRET_KEY']\n"
        "INSTALLED_APPS = ['django.contrib.admin', 'rest_framework']\n"
        "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n"
        "ROOT_URLCONF = 'project.urls'\n"
    )
    assert_kept(WiringCollector, urls, "project/urls.py")
    assert_kept(WiringCollector, settings, "project/settings.py")


# -- SettingsCollector --------------------------------------------------------------------

SETTINGS_SPARED = {
    "django settings tests": """
from django.conf import settings
from django.test import SimpleTestCase, override_settings


class SettingsTests(SimpleTestCase):
    @override_settings(DEBUG=True)
    def test_debug(self):
        self.assertTrue(settings.DEBUG)
""",
    "lazy settings object": """
class LazySettings(LazyObject):
    pass


class Settings:
    def __init__(self, module):
        self.SETTINGS_MODULE = module
""",
}


@pytest.mark.parametrize("text", SETTINGS_SPARED.values(), ids=SETTINGS_SPARED.keys())
def test_settings_gate_spares_classes_of_other_bases(text: str) -> None:
    assert_spared(SettingsCollector, text)


SETTINGS_KEPT = {
    "pydantic-settings": (
        "from pydantic_settings import BaseSettings\n\n\n"
        "class AppSettings(BaseSettings):\n    debug: bool = False\n"
    ),
    "pydantic v1": ("import pydantic\n\n\nclass Config(pydantic.BaseSettings):\n    url: str\n"),
    "base of another module": (
        "from .base import CommonSettings\n\n\nclass Production(CommonSettings):\n"
        "    workers: int = 4\n"
    ),
    "class in a branch": (
        "from pydantic_settings import BaseSettings\n\nif True:\n\n"
        "    class Env(BaseSettings):\n        name: str\n"
    ),
}


@pytest.mark.parametrize("text", SETTINGS_KEPT.values(), ids=SETTINGS_KEPT.keys())
def test_settings_gate_keeps_settings_classes(text: str) -> None:
    assert_kept(SettingsCollector, text)


# -- BK404 hardcoded-secret ---------------------------------------------------------------

SECRETS_SPARED = {
    "settings read from the environment": """
import os

# The password and the secret key come from the environment (postgres in production).
SECRET_KEY = os.environ["SECRET_KEY"]
DB_PASSWORD = os.getenv("DB_PASSWORD")
PASSWORD_MIN_LENGTH = 8
INVALID_PASSWORD = "Invalid password."
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": ""}}
CACHE_URL = "redis://localhost:6379/0"
LOCAL_DB = "postgresql://app:s3cret@localhost/app"
""",
    "authentication code": """
from django.contrib.auth import authenticate


def login(request):
    password = request.POST["password"]
    user = authenticate(username=request.POST["username"], password=password)
    token = make_token(user)
    return {"token": token, "password_changed": False}
""",
    "a parser's tokens": """
class Lexer:
    next_token = None
    token = "("

    def read(self, token_type="name"):
        return self.emit(token=";")
""",
    "fields of a form": """
from django import forms


class PasswordForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, help_text="Your password")
    FIELDS = dict(password="passwd", api_key="key")
""",
    "settings field without a default": """
from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    api_key: str
    secret_key: str = Field(..., description="The secret key")
""",
}


@pytest.mark.parametrize("text", SECRETS_SPARED.values(), ids=SECRETS_SPARED.keys())
def test_secret_gate_spares_files_without_literal_secrets(text: str) -> None:
    assert_spared(HardcodedSecret, text)


@pytest.mark.parametrize(
    "relative", ["tests/test_login.py", "app/conftest.py", "project/settings/local.py"]
)
def test_secret_gate_spares_test_and_development_files(relative: str) -> None:
    assert_spared(HardcodedSecret, 'SECRET_KEY = "django-insecure-0a1b2c3d"\n', relative)


SECRETS_KEPT = {
    "module constant": 'SECRET_KEY = "django-insecure-0a1b2c3d"\n',
    "annotated constant": 'API_TOKEN: str = "ghp_0123456789abcdef"\n',
    "settings field": (
        "from pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n    secret_key: str = 'change-me-now'\n"
    ),
    "settings Field default": (
        "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n    api_key: str = Field(default='sk-live-1')\n"
    ),
    "SecretStr": (
        "from pydantic import SecretStr\nfrom pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n    db_password: SecretStr = SecretStr('hunter2')\n"
    ),
    "class of another module": (
        "from .base import AppConfig\n\n\nclass Production(AppConfig):\n"
        "    db_password: str = 'hunter2'\n"
    ),
    "config class": "class Config:\n    SECRET_KEY = 'flask-dev-key'\n",
    "fallback after or": (
        "import os\n\nDB_PASSWORD = os.environ.get('DB_PASSWORD') or 'hunter2'\n"
    ),
    "getenv default": (
        "import os\n\n\ndef key():\n    return os.getenv('SECRET_KEY', 'dev-secret')\n"
    ),
    "environ.get default by keyword": (
        "import os\n\nkey = os.environ.get('API_KEY', default='xyz123')\n"
    ),
    "decouple default": (
        "from decouple import config\n\nSECRET = config('SECRET_KEY', default='abc')\n"
    ),
    "jwt key": "import jwt\n\n\ndef sign(data):\n    return jwt.encode(data, 'my-key')\n",
    "secret keyword": "def connect():\n    return db.connect(host=HOST, password='hunter2')\n",
    "dict entry": "DATABASES = {'default': {'PASSWORD': 'hunter2'}}\n",
    "url": "BROKER_URL = 'amqp://app:s3cret@broker.example.com//'\n",
    "url in a call": "engine = create('mysql://root:Tr0ub4dor@db.example.com/app')\n",
    "url in a concatenation's tail": (
        "HELP = ('See ' 'postgres://app:' 's3cret@db.example.com/app')\n"
    ),
}


@pytest.mark.parametrize("text", SECRETS_KEPT.values(), ids=SECRETS_KEPT.keys())
def test_secret_gate_keeps_every_kind_of_secret(text: str) -> None:
    assert_kept(HardcodedSecret, text)
