"""Import copies of the corpus and run sample inputs through them; print what happened.

Run by ``tests/test_pydantic_equivalence.py`` in one subprocess: it reads a JSON request on
stdin (the variants to load and the cases to run) and prints one JSON object with, per
variant, each module's import outcome, each case's outcome and each model's configuration.
Each variant is a directory holding a ``corpus`` package; variants are loaded one after the
other, the ``corpus`` modules of the previous one removed first. A ``strict`` variant turns
every warning into an error, from its imports to its last case.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import json
import os
import sys
import traceback
import types
import warnings
from typing import Any


def normalise(value: Any) -> Any:
    """A JSON-able picture of ``value`` that reads the same for v1 and v2 objects."""
    if isinstance(value, enum.Enum):
        return normalise(value.value)
    if isinstance(value, dict):
        return {str(k): normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [normalise(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, type):
        return f"<class {value.__name__}>"
    if isinstance(value, (types.FunctionType, types.MethodType, types.BuiltinFunctionType)):
        return f"<function {value.__name__}>"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


def dump(model: Any) -> Any:
    if hasattr(type(model), "model_dump"):
        return normalise(model.model_dump())
    return normalise(model.dict())


def outcome(error: BaseException) -> str:
    """``invalid`` for a validation error, ``immutable`` for an assignment refused."""
    name = type(error).__name__
    text = str(error)
    if name == "ValidationError":
        errors = error.errors()  # type: ignore[attr-defined]
        if errors and all(e.get("type") in ("frozen_instance", "frozen_field") for e in errors):
            return "immutable"
        return "invalid"
    if name == "TypeError" and ("immutable" in text or "cannot be assigned" in text):
        return "immutable"
    return f"{name}: {text.splitlines()[0] if text else ''}"


def run_case(module: types.ModuleType, case: dict[str, Any]) -> Any:
    kind = case["kind"]
    target = getattr(module, case["target"])
    if kind == "init":
        return {"ok": dump(target(**case["input"]))}
    if kind == "assign":
        instance = target(**case["input"])
        setattr(instance, case["field"], case["value"])
        return {"ok": dump(instance)}
    if kind == "call":
        return {"ok": normalise(target(*case.get("args", [])))}
    if kind == "env":
        saved = {k: os.environ.get(k) for k in case["env"]}
        os.environ.update(case["env"])
        try:
            return {"ok": dump(target())}
        finally:
            for key, old in saved.items():
                if old is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = old
    if kind == "schema":
        schema = (
            target.model_json_schema() if hasattr(target, "model_json_schema") else target.schema()
        )
        for part in case["path"]:
            schema = schema[part]
        return {"ok": normalise(schema)}
    raise ValueError(f"unknown case kind {kind}")


def configuration(model: Any) -> dict[str, Any]:
    if hasattr(model, "model_config"):
        return normalise(dict(model.model_config))
    config = model.__config__
    names = [n for n in dir(config) if not n.startswith("_")]
    # Class methods of v1's `BaseConfig` (`prepare_field`...) are not settings.
    return {
        n: normalise(getattr(config, n)) for n in names if not inspect.ismethod(getattr(config, n))
    }


def run_variant(variant: dict[str, Any], cases: list[dict[str, Any]]) -> dict[str, Any]:
    for name in [m for m in sys.modules if m == "corpus" or m.startswith("corpus.")]:
        del sys.modules[name]
    sys.path.insert(0, variant["root"])
    result: dict[str, Any] = {"imports": {}, "cases": {}, "configs": {}}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("error" if variant["strict"] else "always")
            loaded: dict[str, types.ModuleType] = {}
            for name in variant["modules"]:
                try:
                    loaded[name] = importlib.import_module(f"corpus.{name}")
                    result["imports"][name] = "ok"
                except BaseException as error:  # an import must not end the probe
                    result["imports"][name] = f"{type(error).__name__}: {error}"
            for case in cases:
                module = loaded.get(case["module"])
                if module is None:
                    continue
                try:
                    result["cases"][case["id"]] = run_case(module, case)
                except BaseException as error:
                    result["cases"][case["id"]] = {"error": outcome(error)}
                    if not str(result["cases"][case["id"]]["error"]).startswith(
                        ("invalid", "immutable")
                    ):
                        result["cases"][case["id"]]["trace"] = traceback.format_exc(limit=3)
            for name, module in loaded.items():
                for attribute, value in vars(module).items():
                    if (
                        isinstance(value, type)
                        and value.__module__ == module.__name__
                        and (hasattr(value, "model_config") or hasattr(value, "__config__"))
                    ):
                        result["configs"][f"{name}.{attribute}"] = configuration(value)
        result["warnings"] = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    finally:
        sys.path.remove(variant["root"])
    return result


def main() -> None:
    request = json.load(sys.stdin)
    output = {v["name"]: run_variant(v, request["cases"]) for v in request["variants"]}
    json.dump(output, sys.stdout)


if __name__ == "__main__":
    main()
