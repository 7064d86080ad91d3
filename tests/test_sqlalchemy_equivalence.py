"""The SQLAlchemy fixes, proven by SQLAlchemy itself and by mypy.

The 1.x corpus in ``tests/sqlalchemy_corpus/`` is copied and fixed with
``backlint check --fix --unsafe-fixes`` (once with the default options, once with
``drop-redundant-types``), and with ``--fix`` alone (safe fixes only, which leave some
``Column()`` calls next to ``mapped_column()`` ones). One subprocess then imports the
original and every fixed copy in turn and describes them: the ``CREATE TABLE`` and
``CREATE INDEX`` DDL of every table compiled for PostgreSQL and SQLite, every column's type,
nullability and key, and every relationship's direction, ``uselist``, target and secondary
table. Any difference fails. mypy then checks the
fixed copy together with ``typing_checks.py``, whose ``assert_type`` lines pin the exact types
the fix wrote.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO, CliResult

CORPUS = REPO / "tests" / "sqlalchemy_corpus"
PACKAGES = ("shop", "blog")
STAND_INS = ("flask_sqlalchemy",)


def corpus_modules(root: Path) -> list[str]:
    """The model modules of a corpus tree, as importable names."""
    modules = []
    for package in PACKAGES:
        for path in sorted((root / package).glob("*.py")):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            modules.append(name)
    return modules


def describe(root: str) -> dict[str, Any]:
    """Import the corpus under ``root`` and describe its schema and mappers."""
    import sqlalchemy
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.orm import clear_mappers, configure_mappers
    from sqlalchemy.schema import CreateIndex, CreateTable

    sys.path.insert(0, root)
    try:
        loaded = [importlib.import_module(name) for name in corpus_modules(Path(root))]
        configure_mappers()
        metadatas: dict[int, sqlalchemy.MetaData] = {}
        registries: dict[int, Any] = {}
        for module in loaded:
            for value in vars(module).values():
                found = getattr(value, "metadata", value)
                if isinstance(value, sqlalchemy.Table):
                    found = value.metadata
                if isinstance(found, sqlalchemy.MetaData):
                    metadatas[id(found)] = found
                registry = getattr(value, "registry", None)
                if isinstance(registry, sqlalchemy.orm.registry):
                    registries[id(registry)] = registry
        tables: dict[str, Any] = {}
        for metadata in metadatas.values():
            for table in metadata.tables.values():
                tables[table.fullname] = _describe_table(
                    table, (postgresql, sqlite), CreateTable, CreateIndex
                )
        relationships: dict[str, Any] = {}
        classes = []
        for registry in registries.values():
            for mapper in registry.mappers:
                name = f"{mapper.class_.__module__}.{mapper.class_.__qualname__}"
                classes.append(name)
                for prop in mapper.relationships:
                    if prop.parent is not mapper:
                        continue
                    relationships[f"{name}.{prop.key}"] = {
                        "direction": prop.direction.name,
                        "uselist": prop.uselist,
                        "target": prop.mapper.class_.__qualname__,
                        "secondary": None if prop.secondary is None else prop.secondary.name,
                        "lazy": prop.lazy,
                    }
        return {"tables": tables, "relationships": relationships, "classes": sorted(classes)}
    finally:
        sys.path.remove(root)
        clear_mappers()
        for name in list(sys.modules):
            if name.split(".", 1)[0] in (*PACKAGES, *STAND_INS):
                del sys.modules[name]


def _describe_table(table: Any, dialects: tuple[Any, ...], create: Any, index: Any) -> Any:
    described: dict[str, Any] = {}
    for dialect in dialects:
        engine = dialect.dialect()
        try:
            ddl = str(create(table).compile(dialect=engine)).strip()
        except Exception as error:
            ddl = f"cannot compile: {type(error).__name__}"
        indexes = sorted(str(index(i).compile(dialect=engine)).strip() for i in table.indexes)
        described[dialect.__name__.rsplit(".", 1)[-1]] = {"ddl": ddl, "indexes": indexes}
    described["columns"] = {
        column.name: [repr(column.type), column.nullable, column.primary_key]
        for column in table.columns
    }
    return described


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The original corpus and two fixed copies, fixed through the command line."""
    from backlint.cli import main

    base = tmp_path_factory.mktemp("sqlalchemy-corpus")
    found: dict[str, Path] = {}
    dropping = "[tool.backlint.sqlalchemy]\ndrop-redundant-types = true\n"
    for variant, options, flags in (
        ("original", None, []),
        ("fixed", "", ["--unsafe-fixes"]),
        ("fixed-safe-only", "", []),
        ("fixed-dropping-types", dropping, ["--unsafe-fixes"]),
    ):
        root = base / variant
        shutil.copytree(CORPUS, root)
        if options is not None:
            (root / "pyproject.toml").write_text(f"[tool.backlint]\n{options}", "utf-8")
            previous = os.getcwd()
            os.chdir(root)
            try:
                main(["check", "--no-cache", "--select", "BK2", "--fix", *flags, "-q", "."])
            finally:
                os.chdir(previous)
        found[variant] = root
    return found


@pytest.fixture(scope="module")
def described(trees: dict[str, Path]) -> dict[str, Any]:
    """Every tree described by SQLAlchemy, in one subprocess."""
    completed = subprocess.run(
        [sys.executable, "-m", "tests.test_sqlalchemy_equivalence", *map(str, trees.values())],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])},
        cwd=REPO,
    )
    assert completed.returncode == 0, completed.stderr
    found: dict[str, Any] = json.loads(completed.stdout)
    return {variant: found[str(trees[variant])] for variant in trees}


def _differences(before: Any, after: Any, where: str = "") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after)):
            if key not in after or key not in before:
                found.append(f"{where}/{key}: only in {'original' if key in before else 'fix'}")
            else:
                found.extend(_differences(before[key], after[key], f"{where}/{key}"))
        return found
    return [] if before == after else [f"{where}:\n  original: {before}\n  fixed:    {after}"]


def test_corpus_has_at_least_thirty_mapped_classes_over_several_files(
    described: dict[str, Any],
) -> None:
    classes = described["original"]["classes"]
    assert len(classes) >= 30
    assert len({name.rsplit(".", 1)[0] for name in classes}) >= 5


FIXED = ["fixed", "fixed-safe-only", "fixed-dropping-types"]


@pytest.mark.parametrize("variant", FIXED)
def test_fixed_tables_have_the_same_ddl(described: dict[str, Any], variant: str) -> None:
    differences = _differences(described["original"]["tables"], described[variant]["tables"])
    assert not differences, "\n".join(differences)


@pytest.mark.parametrize("variant", FIXED)
def test_fixed_relationships_keep_direction_and_uselist(
    described: dict[str, Any], variant: str
) -> None:
    before = described["original"]["relationships"]
    differences = _differences(before, described[variant]["relationships"])
    assert not differences, "\n".join(differences)
    assert {r["direction"] for r in before.values()} == {
        "ONETOMANY",
        "MANYTOONE",
        "MANYTOMANY",
    }


def test_every_column_and_relationship_was_converted(
    trees: dict[str, Path], cli: Callable[..., CliResult]
) -> None:
    result = cli(
        "check",
        "--no-cache",
        "--select",
        "BK2",
        "--output-format",
        "json",
        ".",
        cwd=trees["fixed"],
    )
    left = {(item["code"], Path(item["filename"]).name) for item in result.json()}
    # Only backrefs remain: BK206 has no fix by design.
    assert {code for code, _ in left} == {"BK206"}


@pytest.mark.parametrize("variant", ["fixed", "fixed-dropping-types"])
def test_types_were_dropped_only_with_the_option(trees: dict[str, Path], variant: str) -> None:
    text = (trees[variant] / "shop" / "staff.py").read_text("utf-8")
    kept = "mapped_column(Integer, primary_key=True)" in text
    assert kept == (variant == "fixed")


def test_fixed_corpus_passes_mypy(trees: dict[str, Path], tmp_path: Path) -> None:
    """mypy's only complaints are those the original models already had: Flask-SQLAlchemy's
    `class Post(db.Model)` is a base mypy cannot resolve, with or without the fix."""
    root = trees["fixed"]
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "mypy"),
            "--python-version",
            "3.10",
            "typing_checks.py",
            *PACKAGES,
            *(f"{name}.py" for name in STAND_INS),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = [line for line in completed.stdout.splitlines() if ": error:" in line]
    unexpected = [e for e in errors if not re.search(r'Name "db\.Model" is not defined', e)]
    assert not unexpected, completed.stdout
    assert completed.returncode in (0, 1), completed.stderr


def test_fixed_corpus_writes_any_only_where_the_type_was_uncertain(trees: dict[str, Path]) -> None:
    written = [
        line.strip()
        for path in sorted((trees["fixed"]).rglob("*.py"))
        if path.name != "typing_checks.py"
        for line in path.read_text("utf-8").splitlines()
        if "Mapped[" in line and "Any" in line
    ]
    assert sorted(line.split(":", 1)[0] for line in written) == [
        "attributes",
        "legacy_id",
        "metadata_",
        "username",
        "value",
    ]


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    print(json.dumps({root: describe(root) for root in sys.argv[1:]}))
