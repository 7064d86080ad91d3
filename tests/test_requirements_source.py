"""Reading pip requirements files: what pip would see, and exactly where it is written."""

from __future__ import annotations

import pytest

from backlint.manifests import Manifest, ManifestKind, Requirement, Span
from backlint.sources.requirements import parse_requirements
from backlint.text import LineIndex


def read(text: str, path: str = "requirements.txt") -> Manifest:
    return parse_requirements(path, text)


def where(span: Span | None) -> tuple[int, int, int, int] | None:
    """A span as (start row, start column, end row, end column)."""
    if span is None:
        return None
    return (span.start.row, span.start.column, span.end.row, span.end.column)


def cut(text: str, span: Span) -> str:
    """The text a span covers."""
    index = LineIndex(text)
    return text[index.offset(span.start) : index.offset(span.end)]


def only(manifest: Manifest) -> Requirement:
    assert len(manifest.requirements) == 1, manifest
    return manifest.requirements[0]


def messages(manifest: Manifest) -> list[str]:
    return [problem.message for problem in manifest.problems]


# -- the basics ---------------------------------------------------------------------------


def test_empty_file_gives_an_empty_requirements_manifest() -> None:
    manifest = read("")
    assert manifest.kind is ManifestKind.REQUIREMENTS
    assert manifest.path == "requirements.txt"
    assert (manifest.requirements, manifest.includes, manifest.problems) == ((), (), ())


def test_comment_and_blank_lines_give_nothing() -> None:
    manifest = read("# pinned for prod\n\n   \n\t# indented comment\n")
    assert (manifest.requirements, manifest.includes, manifest.problems) == ((), (), ())


def test_pep508_requirement_fields() -> None:
    requirement = only(read('Flask_SQLAlchemy[b,a]>=3.0,<4 ; python_version < "3.12"\n'))
    assert requirement.name == "Flask_SQLAlchemy"
    assert requirement.canonical_name == "flask-sqlalchemy"
    assert requirement.extras == ("a", "b")
    assert requirement.specifier == "<4,>=3.0"
    assert requirement.marker == 'python_version < "3.12"'
    assert requirement.url is None
    assert requirement.text == 'Flask_SQLAlchemy[b,a]>=3.0,<4 ; python_version < "3.12"'
    assert (requirement.editable, requirement.constraint, requirement.group) == (
        False,
        False,
        None,
    )


def test_requirement_span_covers_the_requirement_and_name_span_the_name() -> None:
    text = "fastapi>=0.110\n  uvicorn[standard]==0.29.0\n"
    first, second = read(text).requirements
    assert where(first.span) == (1, 1, 1, 15)
    assert where(first.name_span) == (1, 1, 1, 8)
    assert where(second.span) == (2, 3, 2, 28)
    assert cut(text, second.name_span) == "uvicorn"


def test_trailing_comment_is_left_out_of_text_and_span() -> None:
    text = "requests[security]>=2.8.1  # needed for TLS\n"
    requirement = only(read(text))
    assert requirement.text == "requests[security]>=2.8.1"
    assert cut(text, requirement.span) == "requests[security]>=2.8.1"
    assert requirement.extras == ("security",)


def test_hash_without_whitespace_before_it_is_not_a_comment() -> None:
    requirement = only(read("https://example.com/pkg-1.0.zip#egg=pkg\n"))
    assert requirement.name == "pkg"
    assert requirement.url == "https://example.com/pkg-1.0.zip#egg=pkg"


def test_text_joins_arguments_with_single_spaces() -> None:
    requirement = only(read("django  >=  4.2\n"))
    assert requirement.text == "django >= 4.2"
    assert requirement.specifier == ">=4.2"


# -- line continuations and hashes --------------------------------------------------------


def test_hashes_on_continuation_lines_belong_to_the_requirement() -> None:
    text = "Django==4.2.11 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\nredis==5.0.1\n"
    django, redis = read(text).requirements
    assert django.name == "Django"
    assert django.hashes == ("sha256:aaaa", "sha256:bbbb")
    assert where(django.span) == (1, 1, 1, 15)
    assert redis.name == "redis"
    assert where(redis.span) == (4, 1, 4, 13)
    assert redis.hashes == ()


def test_hash_given_as_separate_word_is_collected() -> None:
    requirement = only(read("six==1.16.0 --hash sha512:cccc\n"))
    assert requirement.hashes == ("sha512:cccc",)


def test_requirement_split_by_backslash_spans_both_physical_lines() -> None:
    text = "requests>=2.0,\\\n<3\n"
    requirement = only(read(text))
    assert requirement.text == "requests>=2.0,<3"
    assert requirement.specifier == "<3,>=2.0"
    assert where(requirement.span) == (1, 1, 2, 3)
    assert where(requirement.name_span) == (1, 1, 1, 9)


def test_name_broken_by_backslash_has_no_name_span() -> None:
    text = "re\\\nquests==2.31.0\n"
    requirement = only(read(text))
    assert requirement.name == "requests"
    assert requirement.name_span is None
    assert where(requirement.span) == (1, 1, 2, 15)


def test_name_after_an_empty_continued_line_maps_to_its_own_line() -> None:
    text = "\\\nrequests==2.31.0\n"
    requirement = only(read(text))
    assert where(requirement.name_span) == (2, 1, 2, 9)


def test_comment_line_ends_a_continuation() -> None:
    text = "flask \\\n# the web framework \\\ngunicorn\n"
    flask, gunicorn = read(text).requirements
    assert flask.text == "flask"
    assert gunicorn.text == "gunicorn"
    assert where(gunicorn.span) == (3, 1, 3, 9)


def test_backslash_after_a_trailing_comment_still_joins_the_next_line() -> None:
    # pip joins first and strips comments afterwards, so the next line is swallowed.
    manifest = read("flask  # web \\\ngunicorn\nredis\n")
    assert [r.name for r in manifest.requirements] == ["flask", "redis"]


# -- includes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "option"),
    [
        ("-r base.txt", "-r"),
        ("-rbase.txt", "-r"),
        ("--requirement=base.txt", "--requirement"),
        ("--requirement base.txt", "--requirement"),
    ],
)
def test_requirement_include_in_each_spelling(line: str, option: str) -> None:
    text = f"{line}  # shared pins\n"
    manifest = read(text, path="reqs/dev.txt")
    (include,) = manifest.includes
    assert include.option == option
    assert include.target == "base.txt"
    assert include.resolved == "reqs/base.txt"
    assert include.constraint is False
    assert cut(text, include.span) == line
    assert manifest.requirements == ()


@pytest.mark.parametrize("line", ["-c constraints.txt", "--constraint=constraints.txt"])
def test_constraint_include_is_marked_as_constraint(line: str) -> None:
    (include,) = read(f"{line}\n", path="requirements.txt").includes
    assert include.constraint is True
    assert include.target == "constraints.txt"
    assert include.resolved == "constraints.txt"
    assert where(include.span) == (1, 1, 1, len(line) + 1)


def test_include_resolution_normalises_relative_and_keeps_absolute_and_url() -> None:
    text = "-r ../common/base.txt\n-r /etc/pins.txt\n-r https://example.com/r.txt\n"
    relative, absolute, url = read(text, path="app/reqs/prod.txt").includes
    assert relative.resolved == "app/common/base.txt"
    assert absolute.resolved == "/etc/pins.txt"
    assert url.resolved is None


def test_only_the_first_include_of_a_line_counts() -> None:
    (include,) = read("-r a.txt -r b.txt\n").includes
    assert include.target == "a.txt"


def test_missing_include_file_is_a_problem() -> None:
    manifest = read("-r\nflask\n")
    assert messages(manifest) == ["option `-r` needs a file"]
    assert where(manifest.problems[0].span) == (1, 1, 1, 3)
    assert manifest.includes == ()
    assert only(manifest).name == "flask"


# -- editables ----------------------------------------------------------------------------


def test_editable_vcs_url_takes_its_name_from_the_egg_fragment() -> None:
    text = "-e git+https://github.com/org/mypkg.git@v1.2#egg=mypkg\n"
    requirement = only(read(text))
    assert requirement.editable is True
    assert requirement.name == "mypkg"
    assert requirement.canonical_name == "mypkg"
    assert requirement.url == "git+https://github.com/org/mypkg.git@v1.2#egg=mypkg"
    assert requirement.name_span is None
    assert cut(text, requirement.span) == "git+https://github.com/org/mypkg.git@v1.2#egg=mypkg"


def test_editable_local_directory_has_no_name() -> None:
    manifest = read("-e .\n")
    requirement = only(manifest)
    assert (requirement.name, requirement.url, requirement.editable) == (None, ".", True)
    assert where(requirement.span) == (1, 4, 1, 5)
    assert manifest.problems == ()


def test_editable_path_with_extras() -> None:
    requirement = only(read("--editable ./services/api[dev,test]\n"))
    assert requirement.extras == ("dev", "test")
    assert requirement.url == "./services/api"
    assert requirement.text == "./services/api[dev,test]"


def test_editable_direct_reference_takes_the_pep508_name() -> None:
    # pip splits options like a shell, so a direct reference with spaces must be quoted.
    text = '-e "mypkg[cli] @ git+https://github.com/org/mypkg.git"\n'
    requirement = only(read(text))
    assert requirement.name == "mypkg"
    assert requirement.text == "mypkg[cli] @ git+https://github.com/org/mypkg.git"
    assert cut(text, requirement.span) == '"mypkg[cli] @ git+https://github.com/org/mypkg.git"'
    assert requirement.extras == ("cli",)
    assert requirement.url == "git+https://github.com/org/mypkg.git"


def test_editable_vcs_url_without_a_name_is_a_problem_and_still_recorded() -> None:
    manifest = read("-e git+https://github.com/org/mypkg.git\n")
    assert only(manifest).name is None
    assert messages(manifest) == [
        "`-e` with a VCS URL needs a name: add `#egg=name` or write `name @ url`"
    ]


def test_editable_archive_url_is_a_problem() -> None:
    manifest = read("-e https://example.com/pkg-1.0.zip\n")
    assert messages(manifest) == [
        "`-e` needs a local project path or a VCS URL (like `git+https://...`)"
    ]


# -- URLs and local paths -----------------------------------------------------------------


def test_direct_reference_has_name_url_and_name_span() -> None:
    text = "mylib @ https://example.com/mylib-1.0.tar.gz\n"
    requirement = only(read(text))
    assert requirement.name == "mylib"
    assert requirement.url == "https://example.com/mylib-1.0.tar.gz"
    assert where(requirement.name_span) == (1, 1, 1, 6)
    assert cut(text, requirement.span) == text.strip()


def test_bare_vcs_url_takes_its_name_from_the_egg_fragment() -> None:
    requirement = only(read("git+https://github.com/org/other.git@main#egg=otherpkg\n"))
    assert requirement.name == "otherpkg"
    assert requirement.url == "git+https://github.com/org/other.git@main#egg=otherpkg"
    assert requirement.name_span is None
    assert requirement.editable is False


def test_url_without_egg_fragment_has_no_name() -> None:
    manifest = read("https://example.com/archive/main.zip\n")
    requirement = only(manifest)
    assert (requirement.name, requirement.canonical_name) == (None, None)
    assert requirement.url == "https://example.com/archive/main.zip"
    assert manifest.problems == ()


def test_url_requirement_keeps_its_marker() -> None:
    requirement = only(read('https://example.com/a.zip#egg=a ; sys_platform == "linux"\n'))
    assert requirement.name == "a"
    assert requirement.marker == 'sys_platform == "linux"'
    assert requirement.url == "https://example.com/a.zip#egg=a"


def test_local_wheel_is_named_from_its_file_name() -> None:
    text = "./downloads/numpy-1.9.2-cp34-none-win32.whl\n"
    requirement = only(read(text))
    assert requirement.name == "numpy"
    assert requirement.specifier == "==1.9.2"
    assert requirement.url == "./downloads/numpy-1.9.2-cp34-none-win32.whl"
    assert requirement.name_span is None
    assert where(requirement.span) == (1, 1, 1, 44)


def test_wheel_url_is_named_from_its_file_name() -> None:
    requirement = only(read("https://files.example.com/Flask_Cors-4.0.0-py2.py3-none-any.whl\n"))
    assert requirement.canonical_name == "flask-cors"
    assert requirement.specifier == "==4.0.0"


@pytest.mark.parametrize(
    "line", ["./vendor/mypkg", "../sibling", "/opt/pkgs/tool", "~/src/lib", "pkg-1.0.tar.gz"]
)
def test_local_paths_and_archives_are_unnamed_requirements(line: str) -> None:
    manifest = read(f"{line}\n")
    requirement = only(manifest)
    assert (requirement.name, requirement.url) == (None, line)
    assert manifest.problems == ()


def test_local_archive_with_egg_fragment_is_named() -> None:
    requirement = only(read("./dist/tool-2.0.tar.gz#egg=tool\n"))
    assert requirement.name == "tool"


def test_local_path_with_extras() -> None:
    requirement = only(read("./libs/core[async]\n"))
    assert (requirement.url, requirement.extras) == ("./libs/core", ("async",))


def test_invalid_egg_fragment_is_a_problem() -> None:
    manifest = read("https://example.com/a.zip#egg=-bad-\n")
    assert messages(manifest) == ["`#egg=-bad-` is not a valid project name"]


def test_invalid_wheel_file_name_is_a_problem() -> None:
    manifest = read("./dist/broken.whl\n")
    assert manifest.requirements == ()
    assert messages(manifest)[0].startswith("invalid wheel file name:")


# -- environment variables ----------------------------------------------------------------


def test_environment_variables_are_kept_as_written() -> None:
    text = "git+https://${GITHUB_TOKEN}@github.com/org/private.git#egg=private\n"
    requirement = only(read(text))
    assert requirement.name == "private"
    assert requirement.url == "git+https://${GITHUB_TOKEN}@github.com/org/private.git#egg=private"


def test_lines_with_environment_variables_are_never_reported_invalid() -> None:
    manifest = read("${PACKAGE}==1.0\nrequests==${REQUESTS_VERSION}\nflask\n")
    assert manifest.problems == ()
    assert [r.name for r in manifest.requirements] == ["flask"]


# -- options ------------------------------------------------------------------------------


def test_global_options_are_accepted_without_output() -> None:
    text = (
        "-i https://pypi.example.com/simple\n"
        "--index-url=https://pypi.example.com/simple\n"
        "--extra-index-url https://extra.example.com/simple\n"
        "--no-index\n"
        "-f ./wheels\n"
        "--find-links=https://example.com/links\n"
        "--no-binary :all:\n"
        "--only-binary=:none:\n"
        "--prefer-binary\n"
        "--require-hashes\n"
        "--no-require-hashes\n"
        "--pre\n"
        "--all-releases :all:\n"
        "--only-final=django\n"
        "--trusted-host pypi.example.com\n"
        "--use-feature=fast-deps\n"
    )
    manifest = read(text)
    assert (manifest.requirements, manifest.includes, manifest.problems) == ((), (), ())


def test_per_requirement_config_settings_are_accepted() -> None:
    manifest = read("mypkg --config-settings editable_mode=compat -C key=value\n")
    assert only(manifest).name == "mypkg"
    assert manifest.problems == ()


def test_config_settings_without_key_value_is_a_problem() -> None:
    text = "mypkg --config-settings=oops\n"
    manifest = read(text)
    assert messages(manifest) == ["`--config-settings` needs the form KEY=VALUE"]
    assert cut(text, manifest.problems[0].span) == "--config-settings=oops"


def test_unknown_long_option_is_a_problem_at_the_option() -> None:
    text = "flask\n--foo bar\ndjango\n"
    manifest = read(text)
    assert messages(manifest) == ["unknown option `--foo`"]
    assert where(manifest.problems[0].span) == (2, 1, 2, 6)
    assert [r.name for r in manifest.requirements] == ["flask", "django"]


def test_unknown_option_after_a_requirement_keeps_the_requirement() -> None:
    text = "flask==3.0 --install-option=--prefix\n"
    manifest = read(text)
    assert only(manifest).name == "flask"
    assert messages(manifest) == ["unknown option `--install-option`"]
    assert cut(text, manifest.problems[0].span) == "--install-option"


def test_unknown_short_option_is_a_problem() -> None:
    assert messages(read("-x something\n")) == ["unknown option `-x`"]


def test_option_missing_its_value_is_a_problem() -> None:
    manifest = read("--index-url\n")
    assert messages(manifest) == ["option `--index-url` needs a URL"]


def test_flag_given_a_value_is_a_problem() -> None:
    assert messages(read("--no-index=yes\n")) == ["option `--no-index` takes no value"]


def test_unique_prefix_of_a_long_option_is_accepted() -> None:
    (include,) = read("--requirem base.txt\n").includes
    assert (include.option, include.target) == ("--requirem", "base.txt")


def test_ambiguous_prefix_of_a_long_option_is_a_problem() -> None:
    assert messages(read("--no x\n")) == [
        "ambiguous option `--no` (could be `--no-binary`, `--no-index`, `--no-require-hashes`)"
    ]


def test_hash_with_a_weak_algorithm_is_a_problem() -> None:
    text = "six==1.16.0 --hash=md5:abcd\n"
    manifest = read(text)
    assert messages(manifest) == ["`--hash` accepts sha256, sha384, sha512, not `md5`"]
    assert cut(text, manifest.problems[0].span) == "--hash=md5:abcd"


def test_hash_without_an_algorithm_is_a_problem() -> None:
    assert messages(read("six==1.16.0 --hash=abcd\n")) == [
        "`--hash` needs a hash name and a value, like `--hash=sha256:<digest>`"
    ]


def test_quoted_option_values_are_unquoted() -> None:
    text = "--index-url 'https://example.com/simple'\n-r \"dir with space/base.txt\"\n"
    manifest = read(text)
    (include,) = manifest.includes
    assert include.target == "dir with space/base.txt"
    assert cut(text, include.span) == '-r "dir with space/base.txt"'
    assert manifest.problems == ()


def test_unclosed_quote_in_options_is_a_problem() -> None:
    assert messages(read("--index-url 'https://example.com\n")) == [
        "cannot split options: no closing quotation"
    ]


# -- invalid lines ------------------------------------------------------------------------


def test_invalid_line_is_reported_and_the_rest_still_parsed() -> None:
    text = "fastapi>=0.110\nuvicorn[standard]=>0.29  # typo\npydantic>=2\n"
    manifest = read(text)
    assert [r.name for r in manifest.requirements] == ["fastapi", "pydantic"]
    (problem,) = manifest.problems
    assert problem.message.startswith("Invalid requirement `uvicorn[standard]=>0.29`: ")
    assert problem.message.endswith("(did you mean `>=`?)")
    assert "\n" not in problem.message
    assert cut(text, problem.span) == "uvicorn[standard]=>0.29"


def test_single_equals_gets_a_hint() -> None:
    (message,) = messages(read("django=4.2\n"))
    assert message.startswith("Invalid requirement `django=4.2`: ")
    assert message.endswith("(`=` is not a version operator; did you mean `==`?)")


def test_invalid_marker_is_a_problem() -> None:
    (message,) = messages(read('flask ; python_version < "3.12" and\n'))
    assert message.startswith("invalid marker: ")


# -- line endings and whitespace ----------------------------------------------------------


def test_crlf_line_endings() -> None:
    text = "flask==3.0\r\nDjango==4.2.11 \\\r\n    --hash=sha256:aaaa\r\nredis\r\n"
    flask, django, redis = read(text).requirements
    assert where(flask.span) == (1, 1, 1, 11)
    assert django.hashes == ("sha256:aaaa",)
    assert where(django.span) == (2, 1, 2, 15)
    assert where(redis.span) == (4, 1, 4, 6)


def test_lone_cr_line_endings() -> None:
    flask, redis = read("flask\r# comment\rredis").requirements
    assert where(flask.span) == (1, 1, 1, 6)
    assert where(redis.span) == (3, 1, 3, 6)


def test_tabs_are_whitespace() -> None:
    text = "\tflask==3.0\t--hash=sha256:aaaa\t# pinned\n"
    requirement = only(read(text))
    assert requirement.text == "flask==3.0"
    assert requirement.hashes == ("sha256:aaaa",)
    assert where(requirement.span) == (1, 2, 1, 12)


def test_columns_count_characters_not_bytes() -> None:
    text = "# café\nrequests  # ünïcode\n"
    requirement = only(read(text))
    assert where(requirement.span) == (2, 1, 2, 9)
