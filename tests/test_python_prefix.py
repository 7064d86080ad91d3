"""BK101 decides from the bundled PyPI data: real python-* packages pass, bogus ones do not."""

from __future__ import annotations

import pytest

from backlint.data.package_index import package_index
from backlint.rules.dependencies.prefix import POPULAR_RANK, real_name_for_python_prefix


def test_every_popular_python_prefixed_package_passes() -> None:
    popular = [name for name in package_index().popular() if name.startswith("python-")]
    assert len(popular) > 100
    flagged = [name for name in popular if real_name_for_python_prefix(name) is not None]
    assert flagged == []


def test_python_prefix_of_the_most_downloaded_projects_is_flagged_with_the_real_name() -> None:
    index = package_index()
    top = [name for name in index.popular() if not name.startswith("python-")][:200]
    checked = 0
    for name in top:
        candidate = f"python-{name}"
        if index.rank(candidate):
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
    index = package_index()
    # A python-X that exists unranked, where X is ranked but not popular: too unsure to flag.
    examples = [
        f"python-{name}"
        for name in index.popular()[POPULAR_RANK:]
        if index.exists(f"python-{name}") and not index.rank(f"python-{name}")
    ]
    assert examples
    assert all(real_name_for_python_prefix(name) is None for name in examples)


def test_names_without_the_prefix_and_unknown_projects_are_not_this_rules_business() -> None:
    assert real_name_for_python_prefix("redis") is None
    assert real_name_for_python_prefix("python-cors") is None  # `cors` is not popular
    assert real_name_for_python_prefix("python-") is None


def test_table_records_when_the_list_was_taken() -> None:
    assert package_index().taken >= "2026-01-01"
