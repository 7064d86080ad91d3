"""Reading pyproject.toml dependencies, and the TOML scanner that locates them."""

from __future__ import annotations

import sys

import pytest

from backlint.manifests import Manifest, ManifestKind, Requirement, Span
from backlint.sources import pyproject
from backlint.sources.pyproject import TomlSyntaxError, parse_pyproject
from backlint.sources.toml_spans import (
    TomlScan,
    TomlScanError,
    TomlString,
    scan_toml,
    scan_toml_strings,
)
from backlint.text import LineIndex

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def read(text: str) -> Manifest:
    return parse_pyproject("pyproject.toml", text)


def where(span: Span | None) -> tuple[int, int, int, int] | None:
    """A span as (start row, start column, end row, end column)."""
    if span is None:
        return None
    return (span.start.row, span.start.column, span.end.row, span.end.column)


def cut(text: str, span: Span) -> str:
    """The text a span covers."""
    index = LineIndex(text)
    return text[index.offset(span.start) : index.offset(span.end)]


def by_name(manifest: Manifest) -> dict[str, Requirement]:
    return {r.name: r for r in manifest.requirements if r.name is not None}


def messages(manifest: Manifest) -> list[str]:
    return [problem.message for problem in manifest.problems]


# -- [project] ----------------------------------------------------------------------------


def test_project_dependencies_with_spans_including_quotes() -> None:
    text = '[project]\nname = "app"\ndependencies = ["fastapi>=0.110", "uvicorn[standard]"]\n'
    manifest = read(text)
    assert manifest.kind is ManifestKind.PYPROJECT
    fastapi, uvicorn = manifest.requirements
    assert where(fastapi.span) == (3, 17, 3, 33)
    assert cut(text, fastapi.span) == '"fastapi>=0.110"'
    assert where(fastapi.name_span) == (3, 18, 3, 25)
    assert (fastapi.specifier, fastapi.group, fastapi.text) == (
        ">=0.110",
        "project",
        "fastapi>=0.110",
    )
    assert uvicorn.extras == ("standard",)
    assert cut(text, uvicorn.name_span) == "uvicorn"
    assert manifest.problems == ()


def test_pep508_fields_from_pyproject() -> None:
    text = (
        "[project]\n"
        "dependencies = [\"Flask_Cors[a] >=4 ; python_version < '3.12'\", "
        '"mylib @ https://example.com/mylib-1.0.zip"]\n'
    )
    flask_cors, mylib = read(text).requirements
    assert flask_cors.canonical_name == "flask-cors"
    assert flask_cors.marker == 'python_version < "3.12"'
    assert mylib.url == "https://example.com/mylib-1.0.zip"
    assert cut(text, mylib.name_span) == "mylib"


def test_multiline_array_with_comments_and_trailing_comma() -> None:
    text = (
        "[project]\n"
        "dependencies = [\n"
        '    "requests>=2",  # HTTP, with a "quoted" comment\n'
        "    # pydantic is next\n"
        '    "pydantic>=2",\n'
        "]\n"
    )
    requests, pydantic_ = read(text).requirements
    assert where(requests.span) == (3, 5, 3, 18)
    assert where(pydantic_.span) == (5, 5, 5, 18)
    assert where(pydantic_.name_span) == (5, 6, 5, 14)


def test_literal_string_has_a_name_span() -> None:
    text = "[project]\ndependencies = ['sqlalchemy>=2']\n"
    requirement = read(text).requirements[0]
    assert cut(text, requirement.span) == "'sqlalchemy>=2'"
    assert cut(text, requirement.name_span) == "sqlalchemy"


def test_escapes_keep_the_span_but_drop_the_name_span() -> None:
    text = '[project]\ndependencies = ["\\u0072equests>=2", "httpx\\u003e=0.27"]\n'
    requests, httpx = read(text).requirements
    assert requests.name == "requests"
    assert cut(text, requests.span) == '"\\u0072equests>=2"'
    assert requests.name_span is None
    assert (httpx.name, httpx.specifier, httpx.name_span) == ("httpx", ">=0.27", None)


def test_multiline_string_has_no_name_span() -> None:
    text = '[project]\ndependencies = ["""\nrequests"""]\n'
    requirement = read(text).requirements[0]
    assert requirement.name == "requests"
    assert where(requirement.span) == (2, 17, 3, 12)
    assert requirement.name_span is None


def test_leading_whitespace_inside_the_string_is_skipped_for_the_name_span() -> None:
    text = '[project]\ndependencies = ["  redis>=5"]\n'
    requirement = read(text).requirements[0]
    assert cut(text, requirement.name_span) == "redis"


def test_optional_dependencies_are_grouped_by_extra() -> None:
    text = (
        "[project.optional-dependencies]\n"
        'test = ["pytest>=8", "pytest-cov"]\n'
        '"docs site" = ["mkdocs"]\n'
    )
    manifest = read(text)
    assert [(r.name, r.group) for r in manifest.requirements] == [
        ("pytest", "optional:test"),
        ("pytest-cov", "optional:test"),
        ("mkdocs", "optional:docs site"),
    ]
    assert where(manifest.requirements[2].name_span) == (3, 17, 3, 23)


def test_invalid_pep508_string_is_a_problem_at_the_string() -> None:
    text = '[project]\ndependencies = [\n  "fastapi",\n  "uvicorn=>0.29",\n  "pydantic",\n]\n'
    manifest = read(text)
    assert [r.name for r in manifest.requirements] == ["fastapi", "pydantic"]
    (problem,) = manifest.problems
    assert problem.message.startswith("Invalid requirement `uvicorn=>0.29`: ")
    assert "\n" not in problem.message
    assert cut(text, problem.span) == '"uvicorn=>0.29"'


# -- [dependency-groups] ------------------------------------------------------------------


def test_dependency_groups_record_strings_and_skip_include_group() -> None:
    text = (
        "[dependency-groups]\n"
        'test = ["pytest>=8"]\n'
        'dev = ["ruff", {include-group = "test"}, "mypy"]\n'
    )
    manifest = read(text)
    assert [(r.name, r.group) for r in manifest.requirements] == [
        ("pytest", "group:test"),
        ("ruff", "group:dev"),
        ("mypy", "group:dev"),
    ]
    assert cut(text, manifest.requirements[2].span) == '"mypy"'
    assert manifest.problems == ()


def test_dependency_group_item_of_another_shape_is_a_problem() -> None:
    manifest = read('[dependency-groups]\ndev = ["ruff", {include = "x"}]\n')
    assert messages(manifest) == [
        '`dependency-groups.dev` must be an array of strings and `{include-group = "..."}` tables'
    ]
    assert [r.name for r in manifest.requirements] == ["ruff"]


# -- Poetry -------------------------------------------------------------------------------


POETRY = """\
[tool.poetry.dependencies]
python = "^3.10"
Django = "^4.2"
"quoted-name" = "*"
celery = { version = "^5.3", extras = ["redis", "auth"], markers = "sys_platform == 'linux'" }
mylib = { path = "../mylib", develop = true }
fork = { git = "https://github.com/org/fork.git", branch = "main" }
multi = [{ version = "<2", python = "<3.8" }, { version = ">=2", python = ">=3.8" }]
odd = "^^not a constraint"

[tool.poetry.group.test.dependencies]
pytest = "^8.0"

[tool.poetry.dev-dependencies]
black = "*"
"""


def test_poetry_dependencies_skip_python_and_use_keys_as_names() -> None:
    manifest = read(POETRY)
    names = [(r.name, r.group) for r in manifest.requirements]
    assert names == [
        ("Django", "poetry"),
        ("quoted-name", "poetry"),
        ("celery", "poetry"),
        ("mylib", "poetry"),
        ("fork", "poetry"),
        ("multi", "poetry"),
        ("odd", "poetry"),
        ("pytest", "poetry:test"),
        ("black", "poetry:dev"),
    ]


def test_poetry_constraints_are_recorded_raw_and_never_judged() -> None:
    manifest = read(POETRY)
    requirements = by_name(manifest)
    assert requirements["Django"].specifier == "^4.2"
    assert requirements["quoted-name"].specifier == "*"
    assert requirements["odd"].specifier == "^^not a constraint"
    assert manifest.problems == ()


def test_poetry_span_is_the_pair_and_name_span_the_bare_key() -> None:
    requirements = by_name(read(POETRY))
    django = requirements["Django"]
    assert where(django.span) == (3, 1, 3, 16)
    assert django.text == 'Django = "^4.2"'
    assert where(django.name_span) == (3, 1, 3, 7)
    assert django.canonical_name == "django"


def test_poetry_quoted_key_has_no_name_span() -> None:
    quoted = by_name(read(POETRY))["quoted-name"]
    assert quoted.name_span is None
    assert where(quoted.span) == (4, 1, 4, 20)


def test_poetry_table_gives_version_extras_markers() -> None:
    celery = by_name(read(POETRY))["celery"]
    assert (celery.specifier, celery.extras, celery.marker) == (
        "^5.3",
        ("auth", "redis"),
        "sys_platform == 'linux'",
    )
    assert celery.text.startswith("celery = {")
    assert where(celery.span) == (5, 1, 5, 95)


def test_poetry_path_and_git_sources() -> None:
    requirements = by_name(read(POETRY))
    assert (requirements["mylib"].url, requirements["mylib"].editable) == ("../mylib", True)
    assert requirements["fork"].url == "https://github.com/org/fork.git"
    assert requirements["fork"].specifier == ""


def test_poetry_multiple_constraints_are_joined_as_alternatives() -> None:
    assert by_name(read(POETRY))["multi"].specifier == "<2 || >=2"


def test_poetry_dependency_declared_as_a_subtable() -> None:
    text = '[tool.poetry.dependencies.httpx]\nversion = "^0.27"\n'
    requirement = read(text).requirements[0]
    assert (requirement.name, requirement.specifier) == ("httpx", "^0.27")
    assert where(requirement.span) == (1, 1, 1, 33)
    assert cut(text, requirement.name_span) == "httpx"


# -- wrong types --------------------------------------------------------------------------


def test_dependencies_as_a_string_is_a_problem_at_the_key_line() -> None:
    text = '[project]\nname = "app"\n  dependencies = "requests"  # oops\n'
    manifest = read(text)
    assert manifest.requirements == ()
    (problem,) = manifest.problems
    assert problem.message == "`project.dependencies` must be an array of strings"
    assert where(problem.span) == (3, 3, 3, 36)


def test_non_string_item_is_a_problem_and_strings_are_still_read() -> None:
    manifest = read('[project]\ndependencies = [\n  "flask",\n  3,\n]\n')
    assert messages(manifest) == ["`project.dependencies` must be an array of strings"]
    assert where(manifest.problems[0].span) == (2, 1, 2, 17)
    assert [r.name for r in manifest.requirements] == ["flask"]


def test_optional_dependencies_of_the_wrong_shapes() -> None:
    text = (
        '[project]\noptional-dependencies = "x"\n'
        "[tool.poetry.dependencies]\nfoo = 3\n"
        '[dependency-groups]\ndev = "ruff"\n'
    )
    assert messages(read(text)) == [
        "`project.optional-dependencies` must be a table of arrays of strings",
        '`dependency-groups.dev` must be an array of strings and `{include-group = "..."}` tables',
        "`tool.poetry.dependencies.foo` must be a version string, a table or an array of tables",
    ]


def test_project_that_is_not_a_table_is_a_problem() -> None:
    manifest = read('project = "app"\n')
    assert messages(manifest) == ["`project` must be a table"]
    assert where(manifest.problems[0].span) == (1, 1, 1, 16)


# -- invalid TOML -------------------------------------------------------------------------


def test_invalid_toml_raises_with_its_line_and_column() -> None:
    text = '[project]\ndependencies = [\n  "a",\n  "b" "c",\n]\n'
    with pytest.raises(TomlSyntaxError) as caught:
        read(text)
    assert (caught.value.row, caught.value.column) == (4, 7)
    assert caught.value.message == "Unclosed array"


def test_invalid_toml_at_end_of_document_points_at_the_end() -> None:
    with pytest.raises(TomlSyntaxError) as caught:
        read('[project]\nname = "unterminated')
    assert caught.value.message == "Unterminated string"
    assert (caught.value.row, caught.value.column) == (2, 21)


def test_duplicate_table_is_invalid_toml() -> None:
    with pytest.raises(TomlSyntaxError) as caught:
        read("[project]\n[project]\n")
    assert caught.value.row == 2


# -- agreement with tomllib ---------------------------------------------------------------


def test_disagreeing_scanner_falls_back_to_the_key_line(monkeypatch: pytest.MonkeyPatch) -> None:
    text = '[project]\ndependencies = [\n  "requests>=2",\n]\n'
    wrong = TomlScan(
        strings=tuple(
            TomlString(s.path, "something else", s.start, s.end, s.span, s.exact)
            for s in scan_toml(text).strings
        ),
        keys=scan_toml(text).keys,
    )
    monkeypatch.setattr(pyproject, "scan_toml", lambda _: wrong)
    requirement = read(text).requirements[0]
    assert requirement.name == "requests"
    assert requirement.text == "requests>=2"
    assert where(requirement.span) == (2, 1, 2, 17)
    assert requirement.name_span is None


def test_scanner_failure_falls_back_to_coarse_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_: str) -> TomlScan:
        raise TomlScanError("confused", 0)

    monkeypatch.setattr(pyproject, "scan_toml", fail)
    requirement = read('[project]\ndependencies = ["requests"]\n').requirements[0]
    assert requirement.name == "requests"
    assert where(requirement.span) == (1, 1, 1, 1)
    assert requirement.name_span is None


def test_crlf_document_positions() -> None:
    text = '[project]\r\ndependencies = [\r\n  "flask",\r\n]\r\n'
    requirement = read(text).requirements[0]
    assert where(requirement.span) == (3, 3, 3, 10)
    assert where(requirement.name_span) == (3, 4, 3, 9)


# -- the scanner on its own ---------------------------------------------------------------


def test_scanner_indexes_arrays_of_tables_and_arrays() -> None:
    text = (
        "[[tool.mypy.overrides]]\n"
        'module = ["a.*", "b"]\n'
        "[[tool.mypy.overrides]]\n"
        'module = "c"\n'
        "[tool.mypy.overrides.extra]\n"
        'x = "y"\n'
    )
    paths = [(s.path, s.value) for s in scan_toml_strings(text)]
    assert paths == [
        (("tool", "mypy", "overrides", 0, "module", 0), "a.*"),
        (("tool", "mypy", "overrides", 0, "module", 1), "b"),
        (("tool", "mypy", "overrides", 1, "module"), "c"),
        (("tool", "mypy", "overrides", 1, "extra", "x"), "y"),
    ]


def test_scanner_reads_dotted_and_quoted_keys_and_inline_tables() -> None:
    text = 'a."b.c" . d = { e = ["f", { g = \'h\' }] }\n'
    (string_f, string_h) = scan_toml_strings(text)
    assert string_f.path == ("a", "b.c", "d", "e", 0)
    assert string_h.path == ("a", "b.c", "d", "e", 1, "g")
    assert (string_h.value, string_h.exact) == ("h", True)
    key = scan_toml(text).key_at(("a", "b.c", "d"))
    assert key is not None
    assert (key.name, key.bare, text[key.start : key.end]) == ("d", True, "d")
    assert text[key.entry_start : key.entry_end] == text.rstrip("\n")


def test_scanner_decodes_strings_like_tomllib() -> None:
    text = (
        's1 = "tab\\there \\"q\\" \\u00e9"\n'
        "s2 = 'C:\\path'\n"
        's3 = """\nline one\\\n    continued""" \n'
        "s4 = '''\nraw ''x'' '''\n"
        's5 = """""quoted"""""\n'
    )
    values = {s.path[0]: (s.value, s.exact) for s in scan_toml_strings(text)}
    assert values == {
        "s1": ('tab\there "q" é', False),
        "s2": ("C:\\path", True),
        "s3": ("line onecontinued", False),
        "s4": ("raw ''x'' ", False),
        "s5": ('""quoted""', False),
    }
    assert {key: value for key, (value, _) in values.items()} == tomllib.loads(text)


def test_scanner_skips_numbers_booleans_and_dates() -> None:
    text = (
        "n = [1, -2.5e3, 0x1F, 1_000, inf, nan, true, false]\n"
        "when = 1979-05-27 07:32:00Z\n"
        "day = 1979-05-27\n"
        'after = "x"\n'
    )
    (string,) = scan_toml_strings(text)
    assert (string.path, string.value) == (("after",), "x")
    assert where(string.span) == (4, 9, 4, 12)
