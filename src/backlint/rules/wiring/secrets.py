"""BK404 hardcoded-secret: secrets written into the code instead of read from the environment."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from backlint.diagnostics import Condition
from backlint.rule import FixAvailability, PythonFile, PythonRule, RuleContext
from backlint.rules.wiring.collect import argument, ast_argument, ast_string, string_value
from backlint.rules.wiring.frameworks import KNOWN_SETTINGS_KINDS, SETTINGS_BASES, SETTINGS_KIND

if TYPE_CHECKING:
    from backlint.sources.view import SourceView

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
# Names (split into lower-case words) that hold a secret when they end like this.
_ENDINGS = frozenset(
    {
        ("secret",),
        ("password",),
        ("passwd",),
        ("passphrase",),
        ("token",),
        ("apikey",),
        ("api", "key"),
        ("secret", "key"),
        ("private", "key"),
        ("signing", "key"),
        ("encryption", "key"),
        ("master", "key"),
        ("jwt", "key"),
        ("auth", "key"),
        ("access", "key", "secret"),
    }
)
# Endings that hold a secret only after another word (`DB_PASS`, not `PASS`).
_QUALIFIED_ENDINGS = frozenset({("pass",), ("pwd",)})
# A first word that makes the name describe a secret rather than hold one
# (`INVALID_PASSWORD = "Invalid password"`, `NEXT_TOKEN`, `CSRF_TOKEN`).
_DESCRIBING = frozenset(
    {
        "invalid",
        "wrong",
        "missing",
        "expired",
        "bad",
        "incorrect",
        "no",
        "empty",
        "reset",
        "forgot",
        "forgotten",
        "change",
        "confirm",
        "verify",
        "verification",
        "required",
        "weak",
        "min",
        "max",
        "show",
        "hide",
        "enter",
        "input",
        "check",
        "validate",
        "is",
        "has",
        "use",
        "allow",
        "enable",
        "disable",
        "new",
        "old",
        "hash",
        "hashed",
        "csrf",
        "xsrf",
        "page",
        "next",
        "continuation",
        "pagination",
        "cursor",
        "sync",
    }
)
_ENV_TEMPLATE = re.compile(
    r"\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}]*)?\}?|%\([^)]+\)s|\{[^{}]*\}|\$\([^)]*\)"
)
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+")
_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<user>[^:/@\s]*):(?P<password>[^@/\s]+)@"
    r"(?P<host>\[[^\]]*\]|[^:/?#\s]+)"
)
_LOCAL_HOSTS = frozenset({"localhost", "0.0.0.0", "[::1]", "host.docker.internal"})
_PLACEHOLDER_PASSWORDS = frozenset(
    {
        "password",
        "pass",
        "passwd",
        "pwd",
        "secret",
        "changeme",
        "change-me",
        "change_me",
        "user",
        "username",
        "example",
        "your-password",
        "yourpassword",
        "your_password",
        "mypassword",
    }
)
# Credentials issued as tokens are long strings of letters and digits (`ghp_...`, `xoxb-...`).
_TOKEN = re.compile(r"(?=.*[0-9])(?=.*[A-Za-z])[A-Za-z0-9_.+/=:-]{12,}")
# Values that name a field rather than hold its value.
_FIELD_NAMES = frozenset(
    {"password", "passwd", "pass", "pwd", "secret", "token", "apikey", "key", "secretkey"}
)
_DESCRIPTIVE_KEYWORDS = frozenset(
    {"description", "help", "example", "examples", "summary", "title", "doc", "message", "msg"}
)
_ENV_READS = frozenset(
    {"os.getenv", "os.environ.get", "os.environ.setdefault", "decouple.config", "posix.getenv"}
)
_JWT_CALLS = frozenset({"jwt.encode", "jwt.decode", "jose.jwt.encode", "jose.jwt.decode"})
_TEST_DIRS = frozenset({"tests", "test", "testing"})
# The text a file must contain for a secret-like name to be in it, in the spellings names
# take (`SECRET_KEY`, `secret_key`, `apiKey`)...
_NAME_TOKENS = (
    *("secret", "Secret", "SECRET"),
    *("password", "Password", "PASSWORD", "passwd", "PASSWD", "passphrase", "PASSPHRASE"),
    *("_token", "TOKEN", "token:", "token =", "token=", 'token"', "token'"),
    *("api_key", "apiKey", "ApiKey", "API_KEY", "apikey", "APIKEY"),
    *("private_key", "privateKey", "PRIVATE_KEY", "signing_key", "signingKey", "SIGNING_KEY"),
    *("encryption_key", "encryptionKey", "ENCRYPTION_KEY", "master_key", "MASTER_KEY"),
    *("jwt_key", "JWT_KEY", "auth_key", "AUTH_KEY"),
    *("_pass", "_PASS", "_pwd", "_PWD"),
)
# ... and the schemes of the URLs that carry credentials (databases, caches, brokers).
_URL_SCHEMES = (
    "postgres",
    "mysql",
    "mariadb",
    "mssql",
    "oracle",
    "redis",
    "amqp",
    "mongodb",
    "clickhouse",
    "cockroachdb",
)
# Files holding settings for development or tests only (`settings/local.py`, `config_dev.py`).
_DEV_WORDS = frozenset({"dev", "development", "local", "test", "tests", "testing", "ci"})
_DEV_CONDITION = re.compile(r"debug|dev|test|local", re.IGNORECASE)
_CONFIG_CLASS = re.compile(r".*(Config|Configuration|Settings|Conf)")


def name_words(name: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(name)]


def is_secret_name(name: str) -> bool:
    """Whether a setting, constant or keyword called ``name`` holds a secret."""
    words = name_words(name)
    if not words or words[0] in _DESCRIBING:
        return False
    if any(tuple(words[-size:]) in _ENDINGS for size in (1, 2)):
        return True
    if len(words) >= 3 and tuple(words[-3:]) in _ENDINGS:
        return True
    if len(words) >= 3 and words[-2:] == ["access", "key"] and "secret" in words:
        return True
    return len(words) > 1 and tuple(words[-1:]) in _QUALIFIED_ENDINGS


def _normal(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def is_harmless_value(value: str, name: str | None = None) -> bool:
    """Values that are no secret: empty, an environment reference (`${SECRET_KEY}`), the
    name of an environment variable, the setting's own name, a mask (`***`) or a message."""
    text = value.strip()
    if not text or _ENV_TEMPLATE.fullmatch(text) or _ENV_NAME.fullmatch(text):
        return True
    if not any(c.isalnum() for c in text):
        return True
    if name is not None and _normal(text) == _normal(name):
        return True
    return any(c.isspace() for c in text) and (text[0].isupper() or text[-1] in ".!?:")


def url_password_leak(value: str) -> bool:
    """Whether ``value`` is a URL with a real-looking password for a non-local host."""
    match = _URL.match(value.strip())
    if match is None:
        return False
    password = match.group("password")
    host = match.group("host").lower()
    if host in _LOCAL_HOSTS or host.startswith("127.") or host.startswith("localhost"):
        return False
    if "." not in host and not host.startswith("["):
        return False  # `db`, `postgres`: a service of a development compose file
    if password.lower() in _PLACEHOLDER_PASSWORDS or is_harmless_value(password):
        return False
    return not (password[0] in "<[{$%" or len(set(password)) == 1)


def is_literal_secret(value: str | None, name: str | None, *, keyword: bool = False) -> bool:
    """Whether the value of a string literal given to ``name`` is a hardcoded secret."""
    if value is None or is_harmless_value(value, name):
        return False
    if keyword and _normal(value) in _FIELD_NAMES:
        return False  # `dict(password="passwd")` maps field names
    if name is not None and name_words(name)[-1:] == ["token"] and not _TOKEN.fullmatch(value):
        return False  # a parser's or a protocol's token, not a credential
    # A URL's password is judged by `_url`: a local database is no secret.
    return _URL.match(value.strip()) is None


def is_test_or_dev_file(path: str, roots: Sequence[str]) -> bool:
    name = os.path.basename(path)
    if name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py":
        return True
    relative = path
    for root in sorted(roots, key=len, reverse=True):
        prefix = root if root.endswith(os.sep) else root + os.sep
        if path.startswith(prefix):
            relative = path[len(prefix) :]
            break
    parts = relative.split(os.sep)
    if any(part in _TEST_DIRS for part in parts[:-1]):
        return True
    stem = os.path.splitext(name)[0]
    return any(word in _DEV_WORDS for word in re.split(r"[._-]", stem.lower()))


# The ast gate of HardcodedSecret: each test mirrors what the rule reports and may only be
# looser (it ignores scopes, `if DEBUG:` blocks, docstrings and descriptions).

# The start of every URL scheme in a string (a suffix of an implicit concatenation is
# checked on its own, so a URL may start anywhere in the joined value).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_SETTINGS_CALLS = ("Field", "SecretStr", "SecretBytes")


def _literal(node: ast.expr | None, name: str | None, *, keyword: bool = False) -> bool:
    return is_literal_secret(ast_string(node), name, keyword=keyword)


def _env_read(view: SourceView, node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and view.qualify(node.func) in _ENV_READS


def _secret_value(view: SourceView, name: str, value: ast.expr) -> bool:
    """Whether a secret-like name is bound to what `_constant` or `_settings_field` reports."""
    if isinstance(value, ast.Constant):
        return _literal(value, name)
    if isinstance(value, ast.BoolOp):
        return (
            isinstance(value.op, ast.Or)
            and _env_read(view, value.values[0])
            and any(_literal(v, name) for v in value.values[1:])
        )
    if isinstance(value, ast.Call):
        callee = view.qualify(value.func) or ""
        if callee.rpartition(".")[2] in _SETTINGS_CALLS:
            return _literal(ast_argument(value, 0, "default", "secret_value"), name)
    return False


_CANDIDATE_VALUES = (ast.Constant, ast.BoolOp, ast.Call)


def _secret_assignment(view: SourceView) -> bool:
    bound = [
        (target.id, node.value)
        for node in view.nodes(ast.Assign)
        if len(node.targets) == 1 and isinstance(target := node.targets[0], ast.Name)
    ]
    bound += [
        (node.target.id, node.value)
        for node in view.nodes(ast.AnnAssign)
        if isinstance(node.target, ast.Name) and node.value is not None
    ]
    return any(
        isinstance(value, _CANDIDATE_VALUES)
        and is_secret_name(name)
        and _secret_value(view, name, value)
        for name, value in bound
    )


def _secret_dict_entry(view: SourceView) -> bool:
    for node in view.nodes(ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            name = ast_string(key)
            if (
                name is not None
                and isinstance(value, ast.Constant)
                and is_secret_name(name)
                and _literal(value, name)
            ):
                return True
    return False


def _secret_call(view: SourceView) -> bool:
    for call, callee in view.callees():
        if callee in _ENV_READS:
            variable = ast_string(ast_argument(call, 0, "key", "option"))
            if (
                variable is not None
                and is_secret_name(variable)
                and _literal(ast_argument(call, 1, "default", "value"), variable)
            ):
                return True
        elif callee in _JWT_CALLS and _literal(ast_argument(call, 1, "key"), None):
            return True
        for given in call.keywords:
            keyword = given.arg
            if (
                keyword is not None
                and isinstance(given.value, ast.Constant)
                and is_secret_name(keyword)
                and _literal(given.value, keyword, keyword=True)
            ):
                return True
    return False


def _url_with_password(view: SourceView) -> bool:
    for value in view.strings():
        if "@" in value and "://" in value:
            starts = (m.start() for m in _SCHEME.finditer(value))
            if any(url_password_leak(value[start:]) for start in starts):
                return True
    return False


@dataclass(frozen=True, slots=True)
class _ClassScope:
    """A class being visited: whether it holds settings (``requires`` the conditions under
    which it does, ``None`` when it does not) and whether it is a configuration object."""

    requires: tuple[Condition, ...] | None
    config: bool


class HardcodedSecret(PythonRule):
    """
    ## What it does
    Checks for secrets written into the code:

    - a literal value for a secret-like module-level constant, or attribute of a
      configuration class (`SECRET_KEY = "changeme"`, Flask's `class Config: SECRET_KEY =
      ...`, Django's `SECRET_KEY = "django-insecure-..."`, `"PASSWORD": "..."` in a
      module-level dictionary such as `DATABASES`);
    - a literal default of a secret-like field of a settings class (`secret_key: str =
      "..."`, `Field(default="...")`, `SecretStr("...")` in a `BaseSettings` subclass, in
      any module);
    - a literal fallback for a secret read from the environment (`os.getenv("SECRET_KEY",
      "dev")`, `os.environ.get("API_KEY") or "..."`, python-decouple's `config(...,
      default=...)`);
    - a literal passed to a secret-like keyword (`password="..."`, `api_key="..."`, but not
      a field name such as `password="passwd"`), or as the key of `jwt.encode`/`jwt.decode`;
    - a URL with an inline password (`postgresql://app:s3cret@db.example.com/app`).

    Names are secret-like when they end in `secret`, `password`, `passwd`, `passphrase`,
    `token`, `api_key`, `secret_key`, `private_key`, `signing_key`, `encryption_key` and
    the like (`DB_PASS` too), unless they describe a secret rather than hold one
    (`INVALID_PASSWORD`, `NEXT_TOKEN`, `CSRF_TOKEN`, `TOKEN_TYPE`, `PASSWORD_MIN_LENGTH`).
    A `token` counts only when its value looks issued (twelve or more letters and digits,
    `ghp_...`): parsers and protocols have tokens too. URLs are checked in files that
    mention a database, cache or broker scheme (`postgres`, `mysql`, `redis`, `amqp`,
    `mongodb`...).

    Not reported: empty strings, references to the environment (`"${SECRET_KEY}"`), names
    of environment variables, masks (`"***"`), messages (`"Invalid password."`), URLs to
    local hosts, single-label hosts of a development compose file (`@db:5432`) or with a
    placeholder password (`user:password@`), docstrings and descriptions; test files
    and settings files for development or tests (`settings/local.py`, `config_dev.py`);
    and values assigned under `if DEBUG:` (or a condition naming development, tests or a
    local setup).

    ## Why is this bad?
    Seed 001 (Python backend development guide): "Use environment variables for
    configuration" and "Never commit sensitive information (API keys, passwords)"; seed
    003 parses settings from the environment. A secret in the code is in every clone, every
    backup and every container image, and rotating it means a release. A default for a
    secret is worse than none: when the variable is missing in production, the service
    starts anyway, signing tokens with a key anyone can read in the repository.

    ## Example
    ```python
    class Settings(BaseSettings):
        secret_key: str = "change-me"
    ```

    ## Use instead
    ```python
    class Settings(BaseSettings):
        secret_key: SecretStr  # required: read from the SECRET_KEY environment variable
    ```
    and document the variable in `.env.example`.

    ## Fix safety
    There is no fix: the secret has to be rotated and provided by the deployment.
    """

    code = "BK404"
    name = "hardcoded-secret"
    family = "wiring"
    summary = "Hardcoded secret"
    seed = "001"
    fix_availability = FixAvailability.NONE
    known_kinds = KNOWN_SETTINGS_KINDS
    required_text: ClassVar[Sequence[str]] = (
        *_NAME_TOKENS,
        "jwt",
        *_URL_SCHEMES,
    )

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """Whether the file, not one of tests or development settings, binds a secret-like
        name to a literal secret, gives one as a default or keyword, or holds a URL with a
        real-looking password."""
        if is_test_or_dev_file(view.path, view.context.src):
            return False
        return (
            _secret_assignment(view)
            or _secret_dict_entry(view)
            or _secret_call(view)
            or _url_with_password(view)
        )

    def __init__(self, file: PythonFile, context: RuleContext) -> None:
        super().__init__(file, context)
        self._skip = is_test_or_dev_file(file.path, context.src)
        self._classes: list[_ClassScope] = []
        self._functions = 0
        self._dev_conditions: list[bool] = []
        self._quiet: list[bool] = []
        self._concatenated = 0
        self._done: set[int] = set()

    # Where we are ------------------------------------------------------------------------

    def _active(self) -> bool:
        return not self._skip and not any(self._dev_conditions)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._classes.append(self._class_scope(node))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._classes.pop()

    def _class_scope(self, node: cst.ClassDef) -> _ClassScope:
        config = bool(_CONFIG_CLASS.fullmatch(node.name.value))
        bases = [self.file.qualify(b.value) for b in node.bases]
        if any(b in SETTINGS_BASES for b in bases):
            return _ClassScope((), config)
        if self._classes or self._functions or not any(bases):
            return _ClassScope(None, config)
        condition = Condition(self.file.qualname(node.name.value), SETTINGS_KIND)
        return _ClassScope((condition,), config)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions -= 1

    def visit_If(self, node: cst.If) -> None:
        self._dev_conditions.append(bool(_DEV_CONDITION.search(self.file.code_for(node.test))))

    def leave_If(self, original_node: cst.If) -> None:
        self._dev_conditions.pop()

    def visit_Expr(self, node: cst.Expr) -> None:
        self._quiet.append(isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString)))

    def leave_Expr(self, original_node: cst.Expr) -> None:
        self._quiet.pop()

    def visit_Arg(self, node: cst.Arg) -> None:
        keyword = node.keyword.value if node.keyword is not None else None
        self._quiet.append(keyword in _DESCRIPTIVE_KEYWORDS)

    def leave_Arg(self, original_node: cst.Arg) -> None:
        self._quiet.pop()

    # Named values ------------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self._named(node.targets[0].target.value, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self._named(node.target.value, node.value)

    def _named(self, name: str, value: cst.BaseExpression) -> None:
        if not self._active() or self._functions:
            return
        if not is_secret_name(name):
            return
        scope = self._classes[-1] if self._classes else None
        if scope is None:
            self._constant(name, value)
        elif scope.requires == () and len(self._classes) == 1:
            self._settings_field(name, value, ())
        elif scope.config and name.isupper():
            self._constant(name, value)
        elif scope.requires is not None and len(self._classes) == 1:
            self._settings_field(name, value, scope.requires)

    def _constant(self, name: str, value: cst.BaseExpression) -> None:
        if self._literal_secret(value, name):
            self._report(value, f"`{name}` holds a hardcoded secret: read it from the environment")
        elif isinstance(value, cst.BooleanOperation):
            self._fallback_or(value, name)

    def _settings_field(
        self, name: str, value: cst.BaseExpression, requires: tuple[Condition, ...]
    ) -> None:
        default: cst.BaseExpression | None = value
        if isinstance(value, cst.Call):
            callee = self.file.qualify(value.func) or ""
            if callee.rpartition(".")[2] in _SETTINGS_CALLS:
                default = argument(value, 0, "default", "secret_value")
            else:
                default = None
        if default is not None and self._literal_secret(default, name):
            self._report(
                default,
                f"Settings field `{name}` has a hardcoded default: drop it so that the value "
                "must come from the environment",
                requires=requires,
            )

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if not self._active() or self._functions:
            return
        key = string_value(node.key)
        if key is not None and is_secret_name(key) and self._literal_secret(node.value, key):
            self._report(
                node.value, f"`{key}` holds a hardcoded secret: read it from the environment"
            )

    # Calls ---------------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        if not self._active():
            return
        callee = self.file.qualify(node.func)
        if callee in _ENV_READS:
            self._env_read(node)
            return
        if callee in _JWT_CALLS:
            key = argument(node, 1, "key")
            if key is not None and self._literal_secret(key, None):
                self._report(key, "The JWT key is hardcoded: read it from the environment")
        for arg in node.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword is None or not is_secret_name(keyword):
                continue
            if self._literal_secret(arg.value, keyword, keyword=True):
                self._report(
                    arg.value,
                    f"`{keyword}=` is given a hardcoded secret: read it from the environment",
                )

    def _env_read(self, node: cst.Call) -> None:
        variable = string_value(argument(node, 0, "key", "option"))
        if variable is None or not is_secret_name(variable):
            return
        default = argument(node, 1, "default", "value")
        if default is not None and self._literal_secret(default, variable):
            self._report(default, self._fallback_message(variable))

    def _fallback_or(self, node: cst.BooleanOperation, name: str) -> None:
        if not isinstance(node.operator, cst.Or) or not isinstance(node.left, cst.Call):
            return
        if self.file.qualify(node.left.func) not in _ENV_READS:
            return
        if self._literal_secret(node.right, name):
            variable = string_value(argument(node.left, 0, "key")) or name
            self._report(node.right, self._fallback_message(variable))

    @staticmethod
    def _fallback_message(variable: str) -> str:
        return (
            f"`{variable}` falls back to a hardcoded secret when the variable is unset: read "
            "it from the environment without a default"
        )

    # URLs ----------------------------------------------------------------------------------

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._concatenated += 1
        self._url(node)

    def leave_ConcatenatedString(self, original_node: cst.ConcatenatedString) -> None:
        self._concatenated -= 1

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if not self._concatenated:
            self._url(node)

    def _url(self, node: cst.BaseExpression) -> None:
        if not self._active() or any(self._quiet) or id(node) in self._done:
            return
        value = string_value(node)
        if value is not None and url_password_leak(value):
            self._report(node, "URL with an inline password: read it from the environment instead")

    # Reporting -----------------------------------------------------------------------------

    def _literal_secret(
        self, node: cst.BaseExpression, name: str | None, *, keyword: bool = False
    ) -> bool:
        return is_literal_secret(string_value(node), name, keyword=keyword)

    def _report(
        self, node: cst.CSTNode, message: str, requires: tuple[Condition, ...] = ()
    ) -> None:
        if id(node) in self._done:
            return
        self._done.add(id(node))
        self.report(node, message, requires=requires)
