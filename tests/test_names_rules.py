"""BK102 unknown-package and BK103 typosquat-suspect, decided from the bundled PyPI index."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from backlint.data.package_index import package_index
from backlint.diagnostics import Diagnostic, Position
from backlint.manifests import Manifest, ManifestKind, Requirement, Span
from backlint.rule import RuleContext
from backlint.rules.dependencies.names import (
    POPULAR_RANK,
    LookalikeFinder,
    TyposquatSuspect,
    UnknownPackage,
    lookalike_finder,
    nearest_ranked,
    one_edit,
    python_variants,
)
from backlint.rules.dependencies.options import RequirementsOptions
from backlint.sources.pyproject import parse_pyproject
from backlint.sources.requirements import parse_requirements

from .conftest import CliResult

TAKEN = package_index().taken
BOTH = frozenset({"BK102", "BK103"})
DEFAULT = RuleContext(options={"requirements": RequirementsOptions()}, enabled=BOTH)


def requirements(*lines: str, path: str = "requirements.txt") -> Manifest:
    return parse_requirements(path, "".join(line + "\n" for line in lines))


def bk102(manifest: Manifest, context: RuleContext = DEFAULT) -> list[Diagnostic]:
    return list(UnknownPackage().check_manifest(manifest, context))


def bk103(manifest: Manifest, context: RuleContext = DEFAULT) -> list[Diagnostic]:
    return list(TyposquatSuspect().check_manifest(manifest, context))


def messages(diagnostics: Iterable[Diagnostic]) -> list[str]:
    return [d.message for d in diagnostics]


def as_manifest(names: Iterable[str]) -> Manifest:
    """Each name as a bare requirement, one per line, without going through a parser."""
    items = []
    for row, name in enumerate(names, start=1):
        span = Span(Position(row, 1), Position(row, len(name) + 1))
        items.append(Requirement(name, name, name, span, span))
    return Manifest("requirements.txt", ManifestKind.REQUIREMENTS, tuple(items))


# -- BK102 --------------------------------------------------------------------------------


def test_a_name_that_is_not_on_pypi_is_reported_with_the_index_date() -> None:
    found = bk102(requirements("fastapi>=0.110", "fastapi-helperz>=1.0"))
    assert messages(found) == [f"`fastapi-helperz` is not on PyPI (package index of {TAKEN})"]
    assert (found[0].start.row, found[0].start.column) == (2, 1)
    assert found[0].fix is None


def test_an_unknown_name_close_to_ranked_projects_gets_suggestions() -> None:
    found = bk102(requirements("huggingface-cli", "jinja3"))
    assert messages(found) == [
        f"`huggingface-cli` is not on PyPI (package index of {TAKEN}); "
        "did you mean `huggingface-hub`?",
        f"`jinja3` is not on PyPI (package index of {TAKEN}); did you mean `jinja2`?",
    ]


def test_the_name_is_reported_as_written() -> None:
    found = bk102(requirements("Jinja3[i18n]>=3.1 ; python_version >= '3.10'"))
    assert messages(found)[0].startswith("`Jinja3` is not on PyPI")


def test_existing_projects_are_not_reported_however_spelled() -> None:
    manifest = requirements("Flask_SQLAlchemy>=3", "zope.interface", "ruamel.yaml", "fastapi")
    assert bk102(manifest) == []


@pytest.mark.parametrize(
    "line",
    [
        "private-lib @ https://example.invalid/private-lib-1.0.tar.gz",
        "-e git+https://example.invalid/org/repo.git#egg=company-sdk",
        "-e ./libs/shared-models",
        "./wheels/inhouse_tools-1.0-py3-none-any.whl",
        "https://example.invalid/archive/lib-2.0.zip",
    ],
)
def test_url_path_and_editable_requirements_are_not_looked_up(line: str) -> None:
    assert bk102(requirements(line)) == []


def test_requirements_marked_as_constraints_are_not_looked_up() -> None:
    manifest = as_manifest(["made-up-pin"])
    constrained = Manifest(
        manifest.path,
        manifest.kind,
        tuple(
            Requirement(r.name, r.canonical_name, r.text, r.span, r.name_span, constraint=True)
            for r in manifest.requirements
        ),
    )
    assert bk102(manifest) != []
    assert bk102(constrained) == []


@pytest.mark.parametrize(
    "path", ["constraints.txt", "requirements/constraints-prod.txt", "Constraint.txt"]
)
def test_constraints_files_are_not_looked_up(path: str) -> None:
    assert bk102(requirements("made-up-pin==1.0", path=path)) == []
    assert bk103(requirements("reqeusts==2.31", path=path)) == []


def test_names_ignored_for_the_rule_are_not_reported() -> None:
    options = RequirementsOptions.model_validate(
        {"ignore": {"BK102": ["internal-lib", "Acme_Billing.Client"]}}
    )
    context = RuleContext(options={"requirements": options}, enabled=BOTH)
    manifest = requirements("internal-lib>=2", "acme-billing-client", "other-private-lib")
    assert [d.start.row for d in bk102(manifest, context)] == [3]


def test_names_ignored_for_another_rule_are_still_reported() -> None:
    options = RequirementsOptions.model_validate({"ignore": {"BK103": ["internal-lib"]}})
    context = RuleContext(options={"requirements": options}, enabled=BOTH)
    assert len(bk102(requirements("internal-lib"), context)) == 1


def test_rules_work_without_a_requirements_options_table() -> None:
    manifest = requirements("fastapi-helperz", "reqeusts")
    assert len(bk102(manifest, RuleContext(enabled=BOTH))) == 1
    assert len(bk103(manifest, RuleContext(enabled=BOTH))) == 1


def test_unknown_names_in_pyproject_are_reported_where_the_name_is() -> None:
    text = (
        '[project]\nname = "svc"\nversion = "1"\n'
        'dependencies = ["fastapi", "langchain-helpers-pro>=0.3"]\n'
        '[dependency-groups]\ndev = ["sqlmodel-crud-kit"]\n'
    )
    found = bk102(parse_pyproject("pyproject.toml", text))
    assert [(d.start.row, d.start.column) for d in found] == [(4, 29), (6, 9)]


# -- BK103 --------------------------------------------------------------------------------


def test_an_obscure_project_one_typo_from_a_popular_one_is_reported() -> None:
    assert messages(bk103(requirements("reddis>=5"))) == [
        "`reddis` is an obscure package and is one typo away from the popular `redis`; "
        "did you mean `redis`?"
    ]


def test_an_absent_typo_of_a_popular_project_is_reported_by_bk103_not_bk102() -> None:
    manifest = requirements("reqeusts>=2.31")
    assert bk102(manifest) == []
    assert messages(bk103(manifest)) == [
        f"`reqeusts` is not on PyPI (package index of {TAKEN}) and is one typo away from "
        "the popular `requests`; did you mean `requests`?"
    ]


def test_reordered_words_of_a_popular_project_are_reported() -> None:
    assert messages(bk103(requirements("dateutil-python"))) == [
        f"`dateutil-python` is not on PyPI (package index of {TAKEN}) and reorders the words "
        "of the popular `python-dateutil`; did you mean `python-dateutil`?"
    ]


def test_a_py_variant_of_a_popular_project_is_reported() -> None:
    assert messages(bk103(requirements("PyFaker"))) == [
        "`PyFaker` is an obscure package and is a py/python variant of the popular `faker`; "
        "did you mean `faker`?"
    ]


@pytest.mark.parametrize(
    ("name", "popular"),
    [
        ("reqeusts", "requests"),
        ("requestss", "requests"),
        ("reequests", "requests"),
        ("requestz", "requests"),
        ("uvicorm", "uvicorn"),
        ("starlete", "starlette"),
        ("flask-cor", "flask-cors"),
        ("flask-sqlalchemey", "flask-sqlalchemy"),
        ("http-tools", "httptools"),
        ("pydantic2", "pydantic"),
        ("pytest-asyncoi", "pytest-asyncio"),
        ("pyzt", "pytz"),
        ("pyredis", "redis"),
        ("redis-py", "redis"),
        ("py-dateutil", "python-dateutil"),
        ("dateutil", "python-dateutil"),
        ("yaml", "pyyaml"),
        ("cors-flask", "flask-cors"),
    ],
)
def test_lookalikes_name_the_project_they_imitate(name: str, popular: str) -> None:
    found = lookalike_finder().lookalike(name)
    assert found is not None and found.popular == popular


@pytest.mark.parametrize(
    "name",
    [
        "touch",  # five letters, one changed: `torch` is not the only reading
        "gnumpy",  # another first letter is another name
        "uuid1",  # a version sibling of `uuid6`
        "nvidia-cufft-cu114",  # a longer number, not a typo
        "django-mssql",  # `mssql` is a word project names use
        "fastapi-helperz",  # unknown, but not shaped like a popular name
        "py-sh",  # `sh` is too short to imitate
    ],
)
def test_names_that_are_not_typo_shaped_enough_are_left_alone(name: str) -> None:
    assert lookalike_finder().lookalike(name) is None


@pytest.mark.parametrize(
    "name",
    ["mypy-boto3-ecs", "django-mysql", "py-redis", "redis-py-cluster", "dotenv", "jwt", "jose"],
)
def test_ranked_projects_never_imitate_anything(name: str) -> None:
    assert package_index().rank(name) is not None
    assert lookalike_finder().lookalike(name) is None


def test_a_lookalike_ignored_for_bk103_is_not_reported_by_it() -> None:
    options = RequirementsOptions.model_validate({"ignore": {"BK103": ["reddis", "reqeusts"]}})
    context = RuleContext(options={"requirements": options}, enabled=BOTH)
    assert bk103(requirements("reddis", "reqeusts"), context) == []


def test_an_absent_lookalike_ignored_for_bk103_comes_back_to_bk102() -> None:
    options = RequirementsOptions.model_validate({"ignore": {"BK103": ["reddis", "reqeusts"]}})
    context = RuleContext(options={"requirements": options}, enabled=BOTH)
    found = bk102(requirements("reddis", "reqeusts"), context)
    assert [d.start.row for d in found] == [2]  # `reddis` exists, `reqeusts` does not
    both = RequirementsOptions.model_validate(
        {"ignore": {"BK102": ["reqeusts"], "BK103": ["reqeusts"]}}
    )
    assert (
        bk102(requirements("reqeusts"), RuleContext(options={"requirements": both}, enabled=BOTH))
        == []
    )


def test_url_and_editable_lookalikes_are_not_reported() -> None:
    manifest = requirements(
        "reqeusts @ https://example.invalid/reqeusts-2.31.0.tar.gz",
        "-e git+https://example.invalid/org/uvicorm.git#egg=uvicorm",
    )
    assert bk103(manifest) == []


# -- one rule per line --------------------------------------------------------------------


def test_each_line_is_reported_by_exactly_one_name_rule(
    project: Callable[[dict[str, str | bytes]], Path], cli: Callable[..., CliResult]
) -> None:
    root = project(
        {
            "requirements.txt": "python-redis>=5\n"  # BK101 (exists, obscure)
            "python-requests\n"  # BK101 (absent)
            "reqeusts\n"  # BK103 (absent)
            "reddis\n"  # BK103 (exists)
            "fastapi-helperz\n"  # BK102
            "fastapi\n"
        }
    )
    result = cli(
        "check",
        "--no-cache",
        "--select",
        "BK101,BK102,BK103",
        "--output-format",
        "json",
        ".",
        cwd=root,
    )
    codes = {}
    for item in result.json():
        codes.setdefault(item["location"]["row"], []).append(item["code"])
    assert codes == {1: ["BK101"], 2: ["BK101"], 3: ["BK103"], 4: ["BK103"], 5: ["BK102"]}


# -- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "popular", "kind", "position"),
    [
        ("reqeusts", "requests", "transposition", 3),
        ("requets", "requests", "deletion", 5),
        ("requestss", "requests", "insertion", 8),
        ("requestz", "requests", "substitution", 7),
        ("http-tools", "httptools", "insertion", 4),
    ],
)
def test_one_edit_names_the_kind_and_place_of_the_edit(
    name: str, popular: str, kind: str, position: int
) -> None:
    edit = one_edit(name, popular)
    assert edit is not None
    assert (edit.kind, edit.position) == (kind, position)


def test_one_edit_sees_a_doubled_letter() -> None:
    edit = one_edit("reequests", "requests")
    assert edit is not None and edit.doubled


@pytest.mark.parametrize(
    ("name", "popular"), [("requests", "requests"), ("reqsetus", "requests"), ("req", "requests")]
)
def test_one_edit_is_none_for_equal_or_distant_names(name: str, popular: str) -> None:
    assert one_edit(name, popular) is None


def test_python_variants_drop_strip_and_swap_the_affix() -> None:
    assert {"redis"} <= python_variants("py-redis")
    assert "redis" in python_variants("pyredis")
    assert "redis" in python_variants("redis-py")
    assert {"dateutil", "py-dateutil"} <= python_variants("python-dateutil")
    assert "pyyaml" in python_variants("pythonyaml")
    assert "sh" not in python_variants("py-sh")


def test_suggestions_are_the_closest_ranked_names_only() -> None:
    assert nearest_ranked("reqeusts") == ["requests"]
    assert nearest_ranked("jinja3") == ["jinja2"]
    assert nearest_ranked("fastapi-helperz") == []


def test_a_finder_over_a_smaller_popular_set_finds_less() -> None:
    narrow = LookalikeFinder(package_index(), popular_rank=10)
    assert narrow.lookalike("reqeusts") is not None  # requests is among the top 10
    assert narrow.lookalike("uvicorm") is None


# -- precision, measured on the index itself ----------------------------------------------


def test_no_ranked_project_is_reported_by_bk102_or_bk103() -> None:
    manifest = as_manifest(package_index().popular())
    assert len(manifest.requirements) > 14_000
    assert bk102(manifest) == []
    assert bk103(manifest) == []


def test_random_existing_projects_are_rarely_reported() -> None:
    names = list(package_index().names())
    sample = random.Random(20261123).sample(names, 20_000)
    manifest = as_manifest(sample)
    assert bk102(manifest) == []
    flagged = bk103(manifest)
    # About 0.3% of a random sample (0.4% of every unranked project) is typo-shaped: many
    # of those are squatted or placeholder names.
    assert len(flagged) / len(sample) < 0.006


def test_popular_means_the_top_five_thousand() -> None:
    finder = lookalike_finder()
    assert max(finder.popular.values()) <= POPULAR_RANK
    assert len(finder.popular) >= POPULAR_RANK - 50


def test_an_absent_typo_falls_to_bk102_when_bk103_is_not_enabled() -> None:
    manifest = requirements("reqeusts>=2.31")
    alone = RuleContext(enabled=frozenset({"BK102"}))
    [diagnostic] = bk102(manifest, alone)
    assert diagnostic.message.startswith("`reqeusts` is not on PyPI")
    assert "`requests`" in diagnostic.message
