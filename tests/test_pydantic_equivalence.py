"""The pydantic fixes, checked by pydantic itself.

``tests/pydantic_corpus/corpus`` is a v1-style code base (models over several modules:
every ``Config`` key of the v1 -> v2 table, settings classes, validators of every form, root
validators before and after, ``Field`` arguments, generic and root models, inheritance across
modules, model methods). It is fixed twice, with ``--fix`` and with ``--fix --unsafe-fixes``.
One subprocess (``tests/pydantic_corpus/probe.py``) then imports:

* the original under pydantic v1 (pydantic 2's ``pydantic.v1``, the imports rewritten), which
  proves that the table below says what v1 does;
* each fixed copy under pydantic v2 with every warning turned into an error;
* the one module written against pydantic 2 with v1 idioms mixed in, before fixing, which
  shows how v2 runs such code only half-way.

Every sample input must validate (or fail) in each fixed copy exactly as the table says v1
would, and each model's ``model_config`` must hold what its v1 ``Config`` meant.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from backlint.cli import main

from .conftest import REPO

CORPUS = REPO / "tests" / "pydantic_corpus"
PROBE = CORPUS / "probe.py"

# Modules of the v1 code base (``mixed`` is written against pydantic 2).
V1_MODULES = [
    "base",
    "people",
    "staff",
    "config_keys",
    "validators",
    "validators_info",
    "root_validators",
    "fields",
    "fields_unsafe",
    "settings",
    "settings_env",
    "api",
    "api_unsafe",
    "encoders",
    "manual",
]
# Modules whose every finding has a safe fix: after `--fix` alone they are pure v2.
SAFE_CLEAN = ["base", "people", "staff", "config_keys", "validators", "fields", "settings"]
SAFE_CLEAN += ["api", "mixed"]
# After `--fix --unsafe-fixes`, everything but what has no mechanical v2 form.
UNSAFE_CLEAN = [m for m in [*V1_MODULES, "mixed"] if m not in ("manual", "encoders")]

# What is left for a person, by module and rule, after each kind of fix.
LEFT_BY_UNSAFE_FIXES = Counter(
    {
        ("encoders", "BK301"): 1,  # json_encoders: deprecated, no mechanical replacement
        ("manual", "BK301"): 7,
        ("manual", "BK302"): 3,
        ("manual", "BK303"): 1,
        ("manual", "BK304"): 2,
        ("manual", "BK306"): 2,
    }
)
LEFT_BY_SAFE_FIXES = LEFT_BY_UNSAFE_FIXES + Counter(
    {
        ("api_unsafe", "BK304"): 2,  # parse_raw, schema_json
        ("fields_unsafe", "BK306"): 2,  # unanchored regex, const
        ("root_validators", "BK303"): 4,
        ("settings_env", "BK306"): 1,  # env=
        ("validators_info", "BK302"): 2,  # values, field.name
    }
)


def init(case: str, module: str, model: str, data: dict[str, Any], **expected: Any) -> dict:
    return {
        "id": case,
        "kind": "init",
        "module": module,
        "target": model,
        "input": data,
        "expected": expected,
    }


def assign(
    case: str,
    module: str,
    model: str,
    data: dict[str, Any],
    field: str,
    value: Any,
    **expected: Any,
) -> dict:
    return {
        "id": case,
        "kind": "assign",
        "module": module,
        "target": model,
        "input": data,
        "field": field,
        "value": value,
        "expected": expected,
    }


def call(case: str, module: str, function: str, *args: Any, **expected: Any) -> dict:
    return {
        "id": case,
        "kind": "call",
        "module": module,
        "target": function,
        "args": list(args),
        "expected": expected,
    }


def schema(case: str, module: str, model: str, path: list[str], **expected: Any) -> dict:
    return {
        "id": case,
        "kind": "schema",
        "module": module,
        "target": model,
        "path": path,
        "expected": expected,
    }


def env(case: str, module: str, model: str, variables: dict[str, str], **expected: Any) -> dict:
    return {
        "id": case,
        "kind": "env",
        "module": module,
        "target": model,
        "env": variables,
        "expected": expected,
    }


INVALID = {"error": "invalid"}
IMMUTABLE = {"error": "immutable"}
STAFF = {"name": "Bo", "role": "admin", "teams": ["x"]}
PRODUCT = {"sku": "ABC-123", "tags": ["a"], "price": 1}

# Sample inputs and what v1 does with them (``ok``: the model's dump; ``error``).
# fmt: off
CASES = [
    # Configuration inherited across modules.
    init("app-model", "base", "AppModel", {}, ok={}),
    init("strict-extra", "base", "StrictModel", {"x": 1}, error="invalid"),
    init("seconds-pre-validator", "base", "Timestamped", {"created": "12s"}, ok={"created": 12}),
    assign("assignment-validated", "base", "Timestamped", {}, "created", "x", error="invalid"),
    init("generic-page", "base", "Page", {"items": [1, "a"], "total": 2},
         ok={"items": [1, "a"], "total": 2}),
    assign("page-immutable", "base", "Page", {"items": []}, "total", 3, error="immutable"),
    init("lower-and-strip", "people", "Person", {"name": "  ANN  ", "created": "3s"},
         ok={"created": 3, "name": "ann", "nickname": ""}),
    init("nickname-too-long", "people", "Person", {"name": "a", "nickname": "x" * 11},
         error="invalid"),
    init("staff-by-alias", "staff", "Staff", {"name": "Bo", "Role": "admin", "teams": ["x"]},
         ok={"created": 0, "name": "bo", "nickname": "", "role": "admin", "teams": ["x"]}),
    init("staff-by-name-prefix-match", "staff", "Staff", {**STAFF, "role": "editor-in-chief"},
         ok={"created": 0, "name": "bo", "nickname": "", "role": "editor-in-chief",
             "teams": ["x"]}),
    init("staff-role-anchored", "staff", "Staff", {**STAFF, "role": "xadmin"}, error="invalid"),
    init("staff-no-team", "staff", "Staff", {**STAFF, "teams": []}, error="invalid"),
    init("staff-four-teams", "staff", "Staff", {**STAFF, "teams": list("abcd")}, error="invalid"),
    init("staff-page", "staff", "StaffPage", {"items": [{**STAFF, "teams": ["t"]}]},
         ok={"items": [{"created": 0, "name": "bo", "nickname": "", "role": "admin",
                        "teams": ["t"]}], "total": 0}),
    # One model per Config key.
    init("anystr-lower", "config_keys", "Lower", {"code": "AbC"}, ok={"code": "abc"}),
    init("anystr-upper", "config_keys", "Upper", {"code": "AbC"}, ok={"code": "ABC"}),
    init("min-anystr-length", "config_keys", "Lengths", {"code": "a"}, error="invalid"),
    init("max-anystr-length", "config_keys", "Lengths", {"code": "abcde"}, error="invalid"),
    init("anystr-length-ok", "config_keys", "Lengths", {"code": "abc"}, ok={"code": "abc"}),
    init("validate-all", "config_keys", "Defaults", {}, ok={"count": 5}),
    init("extra-allow", "config_keys", "ExtraAllow", {"a": 1, "b": 2}, ok={"a": 1, "b": 2}),
    init("extra-ignore", "config_keys", "ExtraIgnore", {"a": 1, "b": 2}, ok={"a": 1}),
    init("extra-forbid", "config_keys", "ExtraForbid", {"a": 1, "b": 2}, error="invalid"),
    assign("allow-mutation-false", "config_keys", "Immutable", {"a": 1}, "a", 2,
           error="immutable"),
    assign("frozen", "config_keys", "Frozen", {"a": 1}, "a", 2, error="immutable"),
    init("alias-generator", "config_keys", "Aliased", {"FULL_NAME": "x"}, ok={"full_name": "x"}),
    init("population-by-name", "config_keys", "Aliased", {"full_name": "x"},
         ok={"full_name": "x"}),
    init("use-enum-values", "config_keys", "Coloured", {"colour": "red"}, ok={"colour": "red"}),
    assign("validate-assignment", "config_keys", "Assigned", {"a": 1}, "a", "x", error="invalid"),
    assign("validate-assignment-coerces", "config_keys", "Assigned", {"a": 1}, "a", "2",
           ok={"a": 2}),
    init("titled", "config_keys", "Titled", {"a": 1}, ok={"a": 1}),
    schema("title", "config_keys", "Titled", ["title"], ok="A titled model"),
    schema("schema-extra", "config_keys", "Titled", ["examples"], ok=[{"a": 1}]),
    init("keep-untouched", "config_keys", "Untouched", {"a": 1}, ok={"a": 1}),
    init("allow-inf-nan", "config_keys", "Finite", {"x": "inf"}, error="invalid"),
    init("smart-union-int", "config_keys", "Unions", {"value": 1}, ok={"value": 1}),
    init("smart-union-str", "config_keys", "Unions", {"value": "1"}, ok={"value": "1"}),
    init("private-attributes", "config_keys", "Private", {"a": 1}, ok={"a": 1}),
    init("documented-forbid", "config_keys", "Documented", {"a": 1, "b": 2}, error="invalid"),
    # Validators.
    init("validators", "validators", "Signup",
         {"username": " bob ", "password": "12345678", "tags": ["b", "a", "b"]},
         ok={"username": "bob", "password": "12345678", "tags": ["a", "b"]}),
    init("validator-unused-values", "validators", "Signup",
         {"username": "bob", "password": "1"}, error="invalid"),
    init("validator-after", "validators", "Signup", {"username": "b-b", "password": "12345678"},
         error="invalid"),
    init("validator-two-fields", "validators", "Named", {"first": "ann", "last": "lee"},
         ok={"first": "Ann", "last": "Lee"}),
    init("validator-star-pre", "validators", "Named", {"first": " ", "last": "lee"},
         error="invalid"),
    init("validator-values", "validators_info", "Passwords", {"password": "a", "repeat": "a"},
         ok={"password": "a", "repeat": "a"}),
    init("validator-values-differ", "validators_info", "Passwords",
         {"password": "a", "repeat": "b"}, error="invalid"),
    init("validator-field-name", "validators_info", "Labelled", {"label": "x"},
         ok={"label": "label=x"}),
    init("validator-field-name-error", "validators_info", "Labelled", {"label": "?"},
         error="invalid"),
    # Root validators.
    init("root-pre", "root_validators", "Range", {"span": "1-5"}, ok={"low": 1, "high": 5}),
    init("root-post", "root_validators", "Range", {"low": 5, "high": 1}, error="invalid"),
    init("root-post-after-field-error", "root_validators", "Range", {"low": "x", "high": 1},
         error="invalid"),
    init("root-bare", "root_validators", "Window", {"start": 1}, ok={"start": 1, "end": None}),
    init("root-bare-error", "root_validators", "Window", {"start": 5, "end": 1},
         error="invalid"),
    init("root-bare-field-error", "root_validators", "Window", {"start": 5, "end": "x"},
         error="invalid"),
    init("root-all-arguments", "root_validators", "Discount", {"percent": 101}, error="invalid"),
    # Field arguments.
    init("fields", "fields", "Product", PRODUCT,
         ok={"sku": "ABC-123", "tags": ["a"], "price": 1.0, "code": "x", "notes": [],
             "digits": "0", "sizes": [1]}),
    init("regex-anchored", "fields", "Product", {**PRODUCT, "sku": "xABC-123"}, error="invalid"),
    init("min-items", "fields", "Product", {**PRODUCT, "tags": []}, error="invalid"),
    init("max-items", "fields", "Product", {**PRODUCT, "tags": list("abcd")}, error="invalid"),
    init("constr-regex", "fields", "Product", {**PRODUCT, "digits": "x1"}, error="invalid"),
    init("conlist-min-items", "fields", "Product", {**PRODUCT, "sizes": []}, error="invalid"),
    assign("field-allow-mutation", "fields", "Product", PRODUCT, "code", "y", error="immutable"),
    schema("field-extra", "fields", "Product", ["properties", "price", "unit"], ok="EUR"),
    schema("field-example", "fields", "Product", ["properties", "price", "example"], ok=9.99),
    init("regex-unanchored", "fields_unsafe", "Slug", {"slug": "a-b"},
         ok={"slug": "a-b", "kind": "slug", "pinned": False}),
    init("regex-matches-at-start", "fields_unsafe", "Slug", {"slug": "ABC"}, error="invalid"),
    init("regex-must-match-at-start", "fields_unsafe", "Slug", {"slug": "Xab"}, error="invalid"),
    init("regex-prefix-is-enough", "fields_unsafe", "Slug", {"slug": "ab C"},
         ok={"slug": "ab C", "kind": "slug", "pinned": False}),
    init("const", "fields_unsafe", "Slug", {"slug": "a", "kind": "other"}, error="invalid"),
    init("const-same", "fields_unsafe", "Slug", {"slug": "a", "kind": "slug"},
         ok={"slug": "a", "kind": "slug", "pinned": False}),
    assign("allow-mutation-inherited", "fields_unsafe", "Slug", {"slug": "a"}, "pinned", True,
           error="immutable"),
    # Settings.
    env("settings-env", "settings", "AppSettings", {"CORPUS_PORT": "9000", "corpus_debug": "1"},
        ok={"app_name": "corpus", "port": 9000, "debug": True}),
    env("settings-named-variable", "settings_env", "DatabaseSettings",
        {"CORPUS_DATABASE_URL": "postgres://x", "CORPUS_DB_POOL": "7"},
        ok={"url": "postgres://x", "pool": 7}),
    # Model methods.
    call("dict-exclude-unset", "api", "person_payload", {"name": "ANN"}, ok={"name": "ann"}),
    call("json", "api", "person_json", {"name": "Ann", "created": 5},
         ok={"name": "ann", "nickname": ""}),
    call("from-orm", "api", "from_row", "Ann", 7,
         ok={"created": 7, "name": "ann", "nickname": ""}),
    call("copy-update", "api", "renamed", {"name": "a"}, "B", ok={"name": "B", "set": ["name"]}),
    call("parse-obj-as", "api", "many", [{"name": "A"}, {"name": "B"}], ok=["a", "b"]),
    call("generic-subclass", "api", "staff_page", {"items": [STAFF], "total": 1},
         ok={"items": [{"created": 0, "name": "bo", "nickname": "", "Role": "admin",
                        "teams": ["x"]}], "total": 1}),
    call("parametrised-generic", "api", "int_page", {"items": ["1", 2]}, ok={"items": [1, 2]}),
    call("construct", "api", "unvalidated", {"name": "x", "role": "nope"},
         ok={"created": 0, "name": "x", "nickname": "", "role": "nope", "teams": []}),
    call("fields-attribute", "api", "field_names", ok=["created", "name", "nickname"]),
    call("schema", "api", "schema_title", ok="Staff member"),
    call("self-dict-and-forward-refs", "api", "tree_total",
         {"value": 1, "children": [{"value": 2}]}, ok={"total": 3, "flat": {"value": 1}}),
    call("not-models", "api", "not_models", {"k": 1},
         ok={"json": {"client": True}, "dict": {"client": True}, "copy": {"k": 1}}),
    call("parse-raw", "api_unsafe", "from_raw", '{"name": "Zed"}',
         ok={"created": 0, "name": "zed", "nickname": ""}),
    call("schema-json", "api_unsafe", "schema_text", ok={"title": "Person", "required": ["name"]}),
    call("json-encoders", "encoders", "encoded", "2024-05-01T00:00:00", ok={"when": "2024"}),
    # v1 idioms in code written for pydantic 2 (what the author meant).
    call("mixed-validator", "mixed", "article", {"title": " Hi ", "tags": ["a"]},
         ok={"title": "Hi", "tags": ["a"]}),
    call("mixed-validator-error", "mixed", "article", {"title": "HI", "tags": ["a"]},
         error="invalid"),
    call("mixed-root-model", "mixed", "tags_json", ["a", "b"], ok='["a","b"]'),
    call("mixed-orm-mode", "mixed", "legacy", 3, ok={"id": 3}),
]
# fmt: on

# What each model's `model_config` must hold after the fix (settings classes: at least).
CONFIGS: dict[str, dict[str, Any]] = {
    "base.AppModel": {
        "from_attributes": True,
        "str_strip_whitespace": True,
        "validate_assignment": True,
    },
    "base.StrictModel": {"extra": "forbid", "validate_default": True},
    "base.Timestamped": {
        "from_attributes": True,
        "str_strip_whitespace": True,
        "validate_assignment": True,
    },
    "base.Page": {"frozen": True},
    "people.Person": {
        "from_attributes": True,
        "str_strip_whitespace": True,
        "validate_assignment": True,
        "str_to_lower": True,
    },
    "staff.Staff": {
        "from_attributes": True,
        "str_strip_whitespace": True,
        "validate_assignment": True,
        "str_to_lower": True,
        "populate_by_name": True,
        "title": "Staff member",
    },
    "staff.StaffPage": {"frozen": True},
    "config_keys.Lower": {"str_to_lower": True},
    "config_keys.Upper": {"str_to_upper": True},
    "config_keys.Lengths": {"str_min_length": 2, "str_max_length": 4},
    "config_keys.Defaults": {"validate_default": True},
    "config_keys.ExtraAllow": {"extra": "allow"},
    "config_keys.ExtraIgnore": {"extra": "ignore"},
    "config_keys.ExtraForbid": {"extra": "forbid"},
    "config_keys.Immutable": {"frozen": True},
    "config_keys.Frozen": {"frozen": True},
    "config_keys.Aliased": {"alias_generator": "<function shout>", "populate_by_name": True},
    "config_keys.Coloured": {"use_enum_values": True},
    "config_keys.Assigned": {"validate_assignment": True},
    "config_keys.Arbitrary": {"arbitrary_types_allowed": True},
    "config_keys.Titled": {
        "title": "A titled model",
        "json_schema_extra": {"examples": [{"a": 1}]},
    },
    "config_keys.Untouched": {"ignored_types": ["<class Marker>"]},
    "config_keys.Finite": {"allow_inf_nan": False},
    "config_keys.Unions": {},
    "config_keys.Private": {},
    "config_keys.NoCopy": {},
    "config_keys.Documented": {"extra": "forbid"},
    "fields.Product": {"validate_assignment": True},
    "fields_unsafe.Slug": {
        "from_attributes": True,
        "str_strip_whitespace": True,
        "validate_assignment": True,
    },
    "mixed.Tags": {"frozen": True},
    "mixed.Legacy": {"from_attributes": True},
    "mixed.Article": {"str_strip_whitespace": True},
    "settings.AppSettings": {"env_prefix": "CORPUS_", "case_sensitive": False},
    "settings_env.DatabaseSettings": {"env_prefix": "CORPUS_DB_"},
}
SETTINGS_CLASSES = {"settings.AppSettings", "settings_env.DatabaseSettings"}
# v2 key -> the v1 `Config` attribute that meant it.
V1_NAMES = {
    "from_attributes": "orm_mode",
    "str_strip_whitespace": "anystr_strip_whitespace",
    "str_to_lower": "anystr_lower",
    "str_to_upper": "anystr_upper",
    "str_min_length": "min_anystr_length",
    "str_max_length": "max_anystr_length",
    "validate_default": "validate_all",
    "populate_by_name": "allow_population_by_field_name",
    "json_schema_extra": "schema_extra",
    "ignored_types": "keep_untouched",
}
# v1 keys the fix drops because v2 always behaves as they said.
DROPPED = {
    "smart_union": True,
    "underscore_attrs_are_private": True,
    "copy_on_model_validation": "none",
}


@dataclass
class Outcome:
    probe: dict[str, Any]
    left_safe: Counter[tuple[str, str]]
    left_unsafe: Counter[tuple[str, str]]
    safe_root: Path
    unsafe_root: Path


def _check(root: Path, *flags: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(
            [
                "check",
                "--no-cache",
                "--select",
                "BK3",
                "--output-format",
                "json",
                *flags,
                str(root),
            ]
        )
    return json.loads(out.getvalue())


def _left(diagnostics: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    return Counter((Path(d["filename"]).stem, d["code"]) for d in diagnostics)


def _as_v1(root: Path) -> None:
    """Point the copy's imports at ``pydantic.v1``, the v1 API pydantic 2 ships."""
    for path in (root / "corpus").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(
            r"^(\s*)from pydantic(\.[\w.]+)? import",
            r"\1from pydantic.v1\2 import",
            text,
            flags=re.M,
        )
        text = re.sub(
            r"^(\s*)import pydantic$", r"\1import pydantic.v1 as pydantic", text, flags=re.M
        )
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    base = tmp_path_factory.mktemp("pydantic-corpus")
    roots = {}
    for name in ("v1", "safe", "unsafe"):
        roots[name] = base / name
        shutil.copytree(CORPUS, roots[name], ignore=shutil.ignore_patterns("__pycache__"))
        (roots[name] / "probe.py").unlink()
    _as_v1(roots["v1"])
    left_safe = _left(_check(roots["safe"], "--fix"))
    left_unsafe = _left(_check(roots["unsafe"], "--fix", "--unsafe-fixes"))
    variants = [
        {"name": "v1", "root": str(roots["v1"]), "modules": V1_MODULES, "strict": False},
        {"name": "safe", "root": str(roots["safe"]), "modules": SAFE_CLEAN, "strict": True},
        {"name": "unsafe", "root": str(roots["unsafe"]), "modules": UNSAFE_CLEAN, "strict": True},
        {
            "name": "encoders",
            "root": str(roots["unsafe"]),
            "modules": ["encoders"],
            "strict": False,
        },
        {"name": "mixed-unfixed", "root": str(CORPUS), "modules": ["mixed"], "strict": False},
    ]
    request = {
        "variants": variants,
        "cases": [{k: v for k, v in c.items() if k != "expected"} for c in CASES],
    }
    completed = subprocess.run(
        [sys.executable, str(PROBE)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=base,
    )
    assert completed.returncode == 0, completed.stderr
    return Outcome(
        json.loads(completed.stdout), left_safe, left_unsafe, roots["safe"], roots["unsafe"]
    )


def _results(outcome: Outcome, variant: str, modules: list[str]) -> dict[str, Any]:
    cases = outcome.probe[variant]["cases"]
    return {c["id"]: cases.get(c["id"]) for c in CASES if c["module"] in modules}


def _expected(modules: list[str]) -> dict[str, Any]:
    return {c["id"]: c["expected"] for c in CASES if c["module"] in modules}


def test_the_table_is_what_pydantic_v1_does(outcome: Outcome) -> None:
    assert outcome.probe["v1"]["imports"] == dict.fromkeys(V1_MODULES, "ok")
    v1_modules = [m for m in V1_MODULES if m != "manual"]
    assert _results(outcome, "v1", v1_modules) == _expected(v1_modules)


def test_after_unsafe_fixes_every_module_imports_without_a_warning(outcome: Outcome) -> None:
    assert outcome.probe["unsafe"]["imports"] == dict.fromkeys(UNSAFE_CLEAN, "ok")


def test_after_safe_fixes_the_safely_fixable_modules_import_without_a_warning(
    outcome: Outcome,
) -> None:
    assert outcome.probe["safe"]["imports"] == dict.fromkeys(SAFE_CLEAN, "ok")


def test_unsafe_fixed_corpus_validates_as_v1_did(outcome: Outcome) -> None:
    assert _results(outcome, "unsafe", UNSAFE_CLEAN) == _expected(UNSAFE_CLEAN)


def test_safe_fixed_corpus_validates_as_v1_did(outcome: Outcome) -> None:
    assert _results(outcome, "safe", SAFE_CLEAN) == _expected(SAFE_CLEAN)


def test_json_encoders_is_kept_and_still_works_with_its_deprecation(outcome: Outcome) -> None:
    encoders = outcome.probe["encoders"]
    assert encoders["imports"] == {"encoders": "ok"}
    assert _results(outcome, "encoders", ["encoders"]) == _expected(["encoders"])
    assert [w for w in encoders["warnings"] if "json_encoders" not in w] == []


@pytest.mark.parametrize("variant", ["unsafe", "safe"])
def test_model_config_holds_what_the_v1_config_meant(outcome: Outcome, variant: str) -> None:
    configs = outcome.probe[variant]["configs"]
    modules = UNSAFE_CLEAN if variant == "unsafe" else SAFE_CLEAN
    for model, expected in CONFIGS.items():
        if model.split(".")[0] not in modules:
            continue
        found = configs[model]
        if model in SETTINGS_CLASSES:
            assert {k: found.get(k) for k in expected} == expected, model
        else:
            assert found == expected, model


def test_the_expected_configs_are_what_v1_meant(outcome: Outcome) -> None:
    configs = outcome.probe["v1"]["configs"]
    defaults = configs["api.Tree"]  # a model without `Config`
    for model, expected in CONFIGS.items():
        if model.startswith("mixed."):
            continue
        v1 = configs[model]
        meant: dict[str, Any] = {}
        for key, _value in expected.items():
            if key == "frozen":
                meant[key] = v1["frozen"] or not v1["allow_mutation"]
            else:
                meant[key] = v1[V1_NAMES.get(key, key)]
        assert meant == expected, model
        if model in SETTINGS_CLASSES:
            continue
        # Every key v1 set is accounted for: mapped, or dropped as v2's behaviour.
        mapped = {V1_NAMES.get(k, k) for k in expected} | {"frozen", "allow_mutation"}
        changed = {k for k, v in v1.items() if defaults.get(k) != v and k not in mapped}
        assert {k: v1[k] for k in changed} == {k: DROPPED[k] for k in changed}, model


def test_what_is_left_after_the_fixes_is_for_a_person(outcome: Outcome) -> None:
    assert outcome.left_unsafe == LEFT_BY_UNSAFE_FIXES
    assert outcome.left_safe == LEFT_BY_SAFE_FIXES


def test_pydantic_2_runs_the_unfixed_mixed_module_only_half_way(outcome: Outcome) -> None:
    unfixed = outcome.probe["mixed-unfixed"]
    assert unfixed["cases"]["mixed-orm-mode"]["error"].startswith("PydanticUserError")
    assert any("'orm_mode' has been renamed" in w for w in unfixed["warnings"])
    assert any("PydanticDeprecatedSince20" in w for w in unfixed["warnings"])
    assert outcome.probe["unsafe"]["cases"]["mixed-orm-mode"] == {"ok": {"id": 3}}


@pytest.mark.parametrize("flags", [("--fix",), ("--fix", "--unsafe-fixes")])
def test_fixing_the_fixed_corpus_again_changes_nothing(
    outcome: Outcome, flags: tuple[str, ...]
) -> None:
    root = outcome.safe_root if flags == ("--fix",) else outcome.unsafe_root
    before = {p: p.read_bytes() for p in sorted(root.rglob("*.py"))}
    _check(root, *flags)
    assert {p: p.read_bytes() for p in sorted(root.rglob("*.py"))} == before
