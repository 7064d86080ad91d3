"""BK101 decides from the bundled PyPI data: real python-* packages pass, bogus ones do not."""

from __future__ import annotations

import pytest

from backlint.data import python_prefix_table
from backlint.rules.dependencies.prefix import POPULAR_RANK, real_name_for_python_prefix


def test_every_popular_python_prefixed_package_passes() -> None:
    table = python_prefix_table()
    popular = [name for name in table.ranked if name.startswith("python-")]
    assert len(popular) > 100
    flagged = [name for name in popular if real_name_for_python_prefix(name) is not None]
    assert flagged == []


def test_python_prefix_of_the_most_downloaded_projects_is_flagged_with_the_real_name() -> None:
    table = python_prefix_table()
    top = sorted(
        (name for name in table.ranked if not name.startswith("python-")),
        key=table.ranked.__getitem__,
    )[:200]
    checked = 0
    for name in top:
        candidate = f"python-{name}"
        if candidate in table.ranked:
            continue  # a popular package in its own right
        checked += 1
        assert real_name_for_python_prefix(candidate) == name, candidate
    assert checked > 150


@pytest.mark.parametrize(
    "name",
    [
        "python-dateutil",
        "python-dotenv",
        "python-multipart",
        "python-jose",
        "python-slugify",
        "python-json-logger",
        "python-socketio",
        "python-docx",
        "python-magic",
        "Python_Dateutil",
        "python.dotenv",
    ],
)
def test_real_packages_are_never_flagged(name: str) -> None:
    assert real_name_for_python_prefix(name) is None


@pytest.mark.parametrize(
    ("name", "real"),
    [
        ("python-redis", "redis"),
        ("python-celery", "celery"),
        ("Python_Redis", "redis"),
        ("python-sqlalchemy", "sqlalchemy"),
        ("python-requests", "requests"),
    ],
)
def test_bogus_prefixes_map_to_the_real_distribution(name: str, real: str) -> None:
    assert real_name_for_python_prefix(name) == real


def test_obscure_existing_python_name_of_an_obscure_project_is_left_alone() -> None:
    table = python_prefix_table()
    # A python-X that exists, where X is ranked but not popular: too unsure to flag.
    examples = [
        name
        for name, rank in table.python_prefixed.items()
        if rank == 0 and table.ranked.get(name.removeprefix("python-"), 0) > POPULAR_RANK
    ]
    assert examples
    assert all(real_name_for_python_prefix(name) is None for name in examples)


def test_names_without_the_prefix_and_unknown_projects_are_not_this_rules_business() -> None:
    assert real_name_for_python_prefix("redis") is None
    assert real_name_for_python_prefix("python-cors") is None  # `cors` is not popular
    assert real_name_for_python_prefix("python-") is None


def test_table_records_when_the_list_was_taken() -> None:
    assert python_prefix_table().taken >= "2026-01-01"
