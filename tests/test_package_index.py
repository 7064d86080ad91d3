"""The bundled PyPI index: built from a name list, read back lazily, one shard at a time."""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from backlint.data.package_index import (
    PackageIndex,
    PackageIndexError,
    normalise,
    package_index,
)

from .conftest import REPO

HEADER = "name\tversion\tmonth\trank_among_15000_most_downloaded\tsummary\n"

ROWS = [
    ("fastapi", "0.115.0", "2026-10", "67", "FastAPI framework"),
    ("Flask_SQLAlchemy", "3.1.1", "2023-09", "300", "Add SQLAlchemy support to Flask"),
    ("zope.interface", "7.0", "2026-08", "", "Interfaces for Python"),
    ("requests", "2.32.3", "2026-06", "4", "HTTP for Humans."),
    ("python-redis", "0.4.1", "2026-06", "", "Redis Client"),
    ("abc", "0.1", "2019-01", "", "a short name"),
    ("abc-d", "0.1", "2019-02", "", "a longer name sharing its start"),
    ("abcd", "0.1", "2019-03", "", ""),
    ("0x", "1.0", "2018-12", "", "starts with a digit"),
    ("nomonth", "1.0", "", "", "released before months were recorded"),
    ("zzz", "1.0", "2005-04", "9000", "last of all"),
    ("Q", "1.0", "2020-01", "", "one letter"),
]


def _script() -> ModuleType:
    path = REPO / "scripts" / "build_package_index.py"
    spec = importlib.util.spec_from_file_location("build_package_index", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up while the class is created.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


BUILD = _script()


def _tsv(tmp_path: Path, rows: list[tuple[str, ...]], name: str = "pypi.tsv") -> Path:
    path = tmp_path / name
    lines = ["\t".join(row) + "\n" for row in rows]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def built(tmp_path: Path) -> Callable[..., PackageIndex]:
    """Build an index from rows with the script's command line, then open it."""

    def build(rows: list[tuple[str, ...]] = ROWS, taken: str = "2026-11-23") -> PackageIndex:
        output = tmp_path / "index.bin"
        BUILD.main([str(_tsv(tmp_path, rows)), "--taken", taken, "--output", str(output)])
        return PackageIndex.from_path(output)

    return build


# -- round trip ---------------------------------------------------------------------------


def test_every_listed_project_exists_after_a_round_trip(
    built: Callable[..., PackageIndex],
) -> None:
    index = built()
    for name, *_ in ROWS:
        assert index.exists(name), name
    assert len(index) == len(ROWS)


def test_ranks_and_last_release_months_come_back(built: Callable[..., PackageIndex]) -> None:
    index = built()
    assert index.rank("requests") == 4
    assert index.rank("fastapi") == 67
    assert index.rank("zope.interface") is None
    assert index.last_release("fastapi") == "2026-10"
    assert index.last_release("zzz") == "2005-04"
    assert index.last_release("python-redis") == "2026-06"


def test_the_date_the_list_was_taken_is_recorded(built: Callable[..., PackageIndex]) -> None:
    assert built(taken="2026-11-23").taken == "2026-11-23"


def test_popular_lists_ranked_names_most_downloaded_first(
    built: Callable[..., PackageIndex],
) -> None:
    index = built()
    assert index.popular() == ["requests", "fastapi", "flask-sqlalchemy", "zzz"]
    assert index.popular(2) == ["requests", "fastapi"]
    assert index.ranked_count == 4


def test_names_lists_every_project_in_sorted_order(built: Callable[..., PackageIndex]) -> None:
    names = list(built().names())
    assert names == sorted(normalise(row[0]) for row in ROWS)


# -- lookups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    ["Flask_SQLAlchemy", "flask-sqlalchemy", "FLASK.SQLALCHEMY", "flask__-sqlalchemy"],
)
def test_names_are_normalised_on_lookup(built: Callable[..., PackageIndex], spelling: str) -> None:
    index = built()
    assert index.exists(spelling)
    assert index.rank(spelling) == 300
    assert index.last_release(spelling) == "2023-09"


def test_names_are_stored_normalised(built: Callable[..., PackageIndex]) -> None:
    assert "zope-interface" in list(built().names())


@pytest.mark.parametrize(
    "name",
    ["", "ab", "abcde", "abc-", "abc-dd", "fastap", "fastapix", "aaa", "zzzz", "é-lib", "-"],
)
def test_missing_names_are_reported_missing(built: Callable[..., PackageIndex], name: str) -> None:
    index = built()
    assert not index.exists(name)
    assert index.rank(name) is None
    assert index.last_release(name) is None


def test_a_project_without_a_known_month_has_no_last_release(
    built: Callable[..., PackageIndex],
) -> None:
    index = built()
    assert index.exists("nomonth")
    assert index.last_release("nomonth") is None


def test_contains_accepts_only_names(built: Callable[..., PackageIndex]) -> None:
    index = built()
    assert "requests" in index
    assert 42 not in index


def test_binary_search_finds_every_name_of_a_dense_shard(
    built: Callable[..., PackageIndex],
) -> None:
    generator = random.Random(503)
    names = sorted(
        {
            "a" + "".join(generator.choice("ab-1") for _ in range(generator.randint(0, 6)))
            for _ in range(400)
        }
    )
    names = [n for n in names if not n.endswith("-") and "--" not in n]
    index = built([(n, "1.0", "2020-01", "", "") for n in names])
    for name in names:
        assert index.exists(name), name
        assert not index.exists(name + "c"), name
        assert not index.exists(name[:-1] + "c"), name


# -- laziness -----------------------------------------------------------------------------


def test_opening_an_index_decompresses_nothing(built: Callable[..., PackageIndex]) -> None:
    assert built().loaded_shards == frozenset()


def test_a_lookup_decompresses_only_the_shard_of_its_first_two_letters(
    built: Callable[..., PackageIndex],
) -> None:
    index = built()
    index.exists("fastapi")
    index.last_release("fastapix")
    assert index.loaded_shards == {"fa"}
    index.exists("Flask_SQLAlchemy")
    assert index.loaded_shards == {"fa", "fl"}


def test_ranks_and_popular_names_need_no_shard(built: Callable[..., PackageIndex]) -> None:
    index = built()
    index.rank("requests")
    index.popular(10)
    assert index.loaded_shards == frozenset()


def test_a_name_whose_start_has_no_shard_loads_nothing(
    built: Callable[..., PackageIndex],
) -> None:
    index = built()
    assert not index.exists("quart")
    assert index.loaded_shards == frozenset()


def test_a_one_letter_name_has_a_shard_of_its_own(built: Callable[..., PackageIndex]) -> None:
    index = built()
    assert index.exists("q")
    assert index.loaded_shards == {"q"}


def test_load_all_decompresses_every_shard(built: Callable[..., PackageIndex]) -> None:
    index = built()
    index.load_all()
    assert index.loaded_shards == {normalise(row[0])[:2] for row in ROWS}


# -- the build script ---------------------------------------------------------------------


def test_the_same_list_always_gives_the_same_bytes(tmp_path: Path) -> None:
    projects, _ = BUILD.read_projects(_tsv(tmp_path, ROWS))
    shuffled, _ = BUILD.read_projects(_tsv(tmp_path, list(reversed(ROWS)), "reversed.tsv"))
    assert BUILD.build(projects, "2026-11-23") == BUILD.build(shuffled, "2026-11-23")


def test_two_spellings_of_one_project_keep_the_best_rank_and_latest_month(
    built: Callable[..., PackageIndex],
) -> None:
    index = built(
        [
            ("Foo.Bar", "1.0", "2020-01", "", ""),
            ("foo_bar", "2.0", "2024-05", "120", ""),
            ("foo-bar", "0.1", "2019-01", "90", ""),
        ]
    )
    assert len(index) == 1
    assert index.rank("foo-bar") == 90
    assert index.last_release("foo-bar") == "2024-05"


def test_rows_that_name_no_valid_project_are_skipped(tmp_path: Path) -> None:
    rows = [("-bad-", "1", "2020-01", "", ""), ("good", "1", "2020-01", "", ""), ("x",)]
    projects, skipped = BUILD.read_projects(_tsv(tmp_path, rows))
    assert [p.name for p in projects] == ["good"]
    assert skipped == 2


def test_a_list_with_other_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.tsv"
    path.write_text("name\tdownloads\nrequests\t10\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="unexpected columns"):
        BUILD.read_projects(path)


@pytest.mark.parametrize("month", ["2000-01", "2005-04", "2026-11", "2099-12", "2340-12"])
def test_every_month_survives_its_two_character_code(month: str, tmp_path: Path) -> None:
    data = BUILD.build([BUILD.Project("pkg", month, 0)], "2026-11-23")
    assert PackageIndex(data).last_release("pkg") == month


def test_a_file_that_is_not_an_index_is_refused() -> None:
    with pytest.raises(PackageIndexError, match="magic"):
        PackageIndex(b"PK\x03\x04 not an index")


def test_a_damaged_header_is_refused() -> None:
    with pytest.raises(PackageIndexError, match="header"):
        PackageIndex(BUILD.MAGIC + b"\x00\x00\x00\x05{bad}")


# -- the bundled index --------------------------------------------------------------------


def test_bundled_index_records_its_date_and_holds_all_of_pypi() -> None:
    index = package_index()
    assert index.taken == "2026-11-23"
    assert len(index) > 880_000
    assert 14_900 <= index.ranked_count <= 15_000


def test_bundled_index_knows_the_facts_the_rules_rely_on() -> None:
    index = package_index()
    assert index.rank("python-dateutil") == 13
    assert index.last_release("python-dateutil") == "2026-11"
    assert index.exists("python-redis") and index.rank("python-redis") is None
    assert not index.exists("python-requests")
    assert not index.exists("huggingface-cli")
    assert index.popular(1) == [n for n in index.popular() if index.rank(n) == 1]


def test_bundled_index_ranks_are_increasing() -> None:
    index = package_index()
    ranks = [index.rank(name) for name in index.popular()]
    assert ranks == sorted(ranks)
    assert all(rank is not None and 1 <= rank <= 15_000 for rank in ranks)


def test_bundled_index_looks_names_up_without_decompressing_the_rest() -> None:
    index = PackageIndex((REPO / "src" / "backlint" / "data" / "pypi_index.bin").read_bytes())
    assert index.exists("fastapi") and index.exists("pydantic")
    assert index.loaded_shards == {"fa", "py"}
