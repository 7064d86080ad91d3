"""Suppression comments: reading them, applying them, and reporting the unused ones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from backlint.diagnostics import Applicability, Diagnostic, Position, Severity
from backlint.manifests import Span
from backlint.registry import rules_by_code
from backlint.rules.meta import UnusedSuppression
from backlint.suppress import (
    FileSuppressions,
    Suppression,
    SuppressionOutcome,
    apply_suppressions,
    python_suppressions,
    requirements_suppressions,
)
from backlint.text import LineIndex, apply_edits

ROOT = "/project"
APP = "/project/app.py"
REQUIREMENTS = "/project/requirements.txt"
ENABLED = frozenset({"BK001", "BK002", "BK101", "BK108"})


def where(span: Span | None) -> tuple[int, int, int, int] | None:
    """A span as (start row, start column, end row, end column)."""
    if span is None:
        return None
    return (span.start.row, span.start.column, span.end.row, span.end.column)


def cut(text: str, span: Span) -> str:
    index = LineIndex(text)
    return text[index.offset(span.start) : index.offset(span.end)]


def only(suppressions: FileSuppressions) -> Suppression:
    assert len(suppressions.lines) == 1, suppressions
    return suppressions.lines[0]


def code_names(suppression: Suppression) -> tuple[str, ...] | None:
    if suppression.codes is None:
        return None
    return tuple(code.code for code in suppression.codes)


def finding(code: str, row: int, path: str = APP, column: int = 1) -> Diagnostic:
    return Diagnostic(
        code=code,
        name=f"rule-{code.lower()}",
        message=f"finding of {code}",
        path=path,
        start=Position(row, column),
        end=Position(row, column + 1),
    )


def suppress(
    diagnostics: Sequence[Diagnostic],
    files: Mapping[str, str],
    *,
    enabled: frozenset[str] = ENABLED,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
) -> SuppressionOutcome:
    """Apply the suppressions written in ``files`` (path: text) to ``diagnostics``."""
    read = {
        path: requirements_suppressions(text)
        if path.endswith(".txt")
        else python_suppressions(text)
        for path, text in files.items()
    }
    return apply_suppressions(
        diagnostics,
        read,
        root=ROOT,
        per_file_ignores=per_file_ignores or {},
        known_codes=rules_by_code(),
        enabled_codes=enabled,
        unused_rule=UnusedSuppression,
    )


def unused_reports(outcome: SuppressionOutcome) -> list[Diagnostic]:
    return [d for d in outcome.kept if d.code == "BK001"]


def fixed_by_the_only_report(text: str, path: str = APP) -> str:
    """The text after applying the fix of the one BK001 reported for it."""
    reports = unused_reports(suppress([], {path: text}))
    assert len(reports) == 1, reports
    fix = reports[0].fix
    assert fix is not None
    return apply_edits(text, fix.edits)


# -- reading directives in Python files ---------------------------------------------------


def test_text_without_noqa_has_no_suppressions() -> None:
    assert python_suppressions("x = 1  # fine\n") == FileSuppressions()


def test_bare_noqa_suppresses_every_code_on_its_line() -> None:
    suppression = only(python_suppressions("x = 1\ny = 2  # noqa\n"))
    assert (suppression.first_row, suppression.last_row) == (2, 2)
    assert suppression.codes is None
    assert suppression.codes_span is None


def test_upper_case_noqa_is_a_directive() -> None:
    suppression = only(python_suppressions("y = 2  # NOQA\n"))
    assert suppression.codes is None


def test_noqa_without_a_space_after_the_hash_is_a_directive() -> None:
    suppression = only(python_suppressions("y = 2  #noqa: BK101\n"))
    assert code_names(suppression) == ("BK101",)


def test_noqa_with_one_code_and_its_spans() -> None:
    text = "x = 1  # noqa: BK101\n"
    suppression = only(python_suppressions(text))
    assert code_names(suppression) == ("BK101",)
    assert suppression.codes is not None
    assert where(suppression.codes[0].span) == (1, 16, 1, 21)
    assert cut(text, suppression.codes[0].span) == "BK101"
    assert where(suppression.codes_span) == (1, 14, 1, 21)
    assert where(suppression.removal_span) == (1, 6, 1, 21)
    assert suppression.removal_text == ""


def test_noqa_with_codes_separated_by_a_comma_without_spaces() -> None:
    text = "x = 1  # noqa:BK101,BK108\n"
    suppression = only(python_suppressions(text))
    assert suppression.codes is not None
    assert [(c.code, where(c.span)) for c in suppression.codes] == [
        ("BK101", (1, 15, 1, 20)),
        ("BK108", (1, 21, 1, 26)),
    ]
    assert where(suppression.codes_span) == (1, 14, 1, 26)


def test_noqa_with_codes_separated_by_spaces() -> None:
    text = "x = 1  # noqa: BK101 BK108\n"
    suppression = only(python_suppressions(text))
    assert suppression.codes is not None
    assert [(c.code, where(c.span)) for c in suppression.codes] == [
        ("BK101", (1, 16, 1, 21)),
        ("BK108", (1, 22, 1, 27)),
    ]


def test_noqa_codes_end_where_the_reason_text_starts() -> None:
    text = "x = 1  # noqa: E501, BK101 reason text\n"
    suppression = only(python_suppressions(text))
    assert suppression.codes is not None
    assert [(c.code, cut(text, c.span)) for c in suppression.codes] == [
        ("E501", "E501"),
        ("BK101", "BK101"),
    ]
    assert suppression.codes_span is not None
    assert cut(text, suppression.codes_span) == ": E501, BK101"
    assert cut(text, suppression.removal_span) == "# noqa: E501, BK101"
    assert suppression.removal_text == "#"


def test_noqa_after_another_comment() -> None:
    text = "x = f()  # type: ignore  # noqa: BK101\n"
    suppression = only(python_suppressions(text))
    assert suppression.codes is not None
    assert [(c.code, where(c.span)) for c in suppression.codes] == [("BK101", (1, 34, 1, 39))]
    assert cut(text, suppression.removal_span) == "  # noqa: BK101"
    assert suppression.removal_text == ""


def test_file_level_noqa() -> None:
    suppressions = python_suppressions('"""Module."""\n# backlint: noqa\nx = 1\n')
    assert suppressions == FileSuppressions(lines=(), file_blanket=True, file_codes=())


def test_file_level_noqa_with_codes() -> None:
    suppressions = python_suppressions("# backlint: noqa: BK101, BK108\nx = 1\n")
    assert suppressions == FileSuppressions(
        lines=(), file_blanket=False, file_codes=("BK101", "BK108")
    )


def test_noqa_inside_a_string_is_not_a_directive() -> None:
    text = 's = "x  # noqa: BK101"\nt = """\n# noqa\n"""\n'
    assert python_suppressions(text) == FileSuppressions()


def test_noqa_inside_a_string_next_to_a_real_one() -> None:
    suppression = only(python_suppressions('s = "# noqa: BK108"  # noqa: BK101\n'))
    assert code_names(suppression) == ("BK101",)


def test_directives_on_several_lines_keep_their_rows() -> None:
    suppressions = python_suppressions("a = 1  # noqa: BK101\nb = 2\nc = 3  # noqa\n")
    assert [(s.first_row, s.last_row, code_names(s)) for s in suppressions.lines] == [
        (1, 1, ("BK101",)),
        (3, 3, None),
    ]


def test_directives_before_an_unterminated_string_are_still_read() -> None:
    suppressions = python_suppressions("a = 1  # noqa: BK101\ns = '''\n")
    assert [code_names(s) for s in suppressions.lines] == [("BK101",)]


def test_directive_columns_count_code_points() -> None:
    text = "s = '日本😀'  # noqa: BK101\n"
    suppression = only(python_suppressions(text))
    assert suppression.codes is not None
    assert where(suppression.codes[0].span) == (1, 20, 1, 25)
    assert where(suppression.removal_span) == (1, 10, 1, 25)


def test_directive_rows_in_a_crlf_file() -> None:
    suppression = only(python_suppressions("x = 1\r\ny = 2  # noqa: BK101\r\n"))
    assert (suppression.first_row, suppression.last_row) == (2, 2)
    assert suppression.codes is not None
    assert where(suppression.codes[0].span) == (2, 16, 2, 21)


def test_directive_rows_in_a_file_with_lone_cr_line_endings() -> None:
    # Python, like the positions of diagnostics, reads a lone CR as a line ending.
    suppression = only(python_suppressions("x = 1\ry = 2  # noqa: BK101\r"))
    assert (suppression.first_row, suppression.last_row) == (2, 2)
    assert suppression.codes is not None
    assert where(suppression.codes[0].span) == (2, 16, 2, 21)


# -- reading directives in requirements files ---------------------------------------------


def test_requirements_noqa_with_a_code() -> None:
    text = "flask>=3\npython-redis>=5  # noqa: BK101\n"
    suppression = only(requirements_suppressions(text))
    assert (suppression.first_row, suppression.last_row) == (2, 2)
    assert suppression.codes is not None
    assert [(c.code, where(c.span)) for c in suppression.codes] == [("BK101", (2, 26, 2, 31))]
    assert where(suppression.codes_span) == (2, 24, 2, 31)
    assert where(suppression.removal_span) == (2, 16, 2, 31)


def test_requirements_bare_and_upper_case_noqa() -> None:
    suppressions = requirements_suppressions("a  # noqa\nb  # NOQA\n")
    assert [(s.first_row, code_names(s)) for s in suppressions.lines] == [(1, None), (2, None)]


def test_requirements_noqa_forms_with_several_codes() -> None:
    text = "a  # noqa:BK101,BK108\nb  # noqa: BK101 BK108\nc  # noqa: E501, BK101 why\n"
    suppressions = requirements_suppressions(text)
    assert [code_names(s) for s in suppressions.lines] == [
        ("BK101", "BK108"),
        ("BK101", "BK108"),
        ("E501", "BK101"),
    ]


def test_requirements_noqa_after_another_comment() -> None:
    text = "a  # pinned by ops  # noqa: BK101\n"
    suppression = only(requirements_suppressions(text))
    assert code_names(suppression) == ("BK101",)
    assert cut(text, suppression.removal_span) == "  # noqa: BK101"


def test_requirements_file_level_noqa() -> None:
    assert requirements_suppressions("# backlint: noqa\nflask\n").file_blanket is True
    assert requirements_suppressions("# backlint: noqa: BK101\nflask\n").file_codes == ("BK101",)


def test_requirements_noqa_on_the_last_line_of_a_joined_line_covers_its_first_row() -> None:
    text = "flask\npython-redis \\\n    >=5 \\\n    ; python_version > '3'  # noqa: BK101\n"
    suppression = only(requirements_suppressions(text))
    assert (suppression.first_row, suppression.last_row) == (2, 4)


def test_requirements_hash_inside_a_url_is_not_a_comment() -> None:
    text = "pkg @ https://example.com/pkg.zip#noqa\n"
    assert requirements_suppressions(text) == FileSuppressions()


def test_requirements_comment_after_a_url_fragment() -> None:
    text = "git+https://example.com/r.git#egg=pkg  # noqa: BK108\n"
    suppression = only(requirements_suppressions(text))
    assert suppression.codes is not None
    assert [(c.code, cut(text, c.span)) for c in suppression.codes] == [("BK108", "BK108")]
    assert cut(text, suppression.removal_span) == "  # noqa: BK108"


# -- applying suppressions ----------------------------------------------------------------


def test_noqa_code_suppresses_its_code_on_its_line() -> None:
    outcome = suppress([finding("BK101", 1)], {APP: "x  # noqa: BK101\n"})
    assert (outcome.kept, outcome.suppressed) == ([], 1)


def test_noqa_code_does_not_suppress_another_line() -> None:
    diagnostic = finding("BK101", 2)
    outcome = suppress([diagnostic], {APP: "x  # noqa\ny\n"})
    assert (outcome.kept, outcome.suppressed) == ([diagnostic], 0)


def test_noqa_code_does_not_suppress_another_code() -> None:
    diagnostic = finding("BK101", 1)
    outcome = suppress([diagnostic], {APP: "x  # noqa: BK108\n"}, enabled=frozenset({"BK101"}))
    assert (outcome.kept, outcome.suppressed) == ([diagnostic], 0)


def test_bare_noqa_suppresses_any_code() -> None:
    outcome = suppress([finding("BK101", 1), finding("BK108", 1)], {APP: "x  # noqa\n"})
    assert (outcome.kept, outcome.suppressed) == ([], 2)


def test_joined_requirement_noqa_suppresses_a_finding_on_the_first_row() -> None:
    text = "python-redis \\\n    >=5  # noqa: BK101\n"
    outcome = suppress([finding("BK101", 1, REQUIREMENTS)], {REQUIREMENTS: text})
    assert (outcome.kept, outcome.suppressed) == ([], 1)


def test_used_codes_are_not_reported_as_unused() -> None:
    text = "x  # noqa: BK101, BK108\n"
    outcome = suppress([finding("BK101", 1), finding("BK108", 1)], {APP: text})
    assert unused_reports(outcome) == []


def test_unused_code_is_reported() -> None:
    outcome = suppress([], {APP: "x  # noqa: BK101\n"})
    assert len(outcome.kept) == 1
    report = outcome.kept[0]
    assert (report.code, report.name, report.path) == ("BK001", "unused-suppression", APP)
    assert report.message == "Unused `noqa` directive (unused: `BK101`)"
    assert (report.start, report.end) == (Position(1, 12), Position(1, 17))
    assert report.fix is not None
    assert report.fix.applicability is Applicability.SAFE
    assert report.fix.message == "Remove unused `noqa` directive"


def test_unused_report_has_the_severity_of_the_unused_suppression_rule() -> None:
    reports = unused_reports(suppress([], {APP: "x  # noqa: BK101\n"}))
    assert [r.severity for r in reports] == [UnusedSuppression.severity]
    assert UnusedSuppression.severity is Severity.WARNING


def test_fix_of_the_only_unused_code_removes_the_comment() -> None:
    assert fixed_by_the_only_report("x  # noqa: BK101\n") == "x\n"


def test_fix_keeps_codes_of_other_tools() -> None:
    assert fixed_by_the_only_report("x  # noqa: E501, BK101\n") == "x  # noqa: E501\n"


def test_fix_keeps_the_used_codes() -> None:
    text = "x  # noqa:BK101,BK108\n"
    outcome = suppress([finding("BK108", 1)], {APP: text})
    reports = unused_reports(outcome)
    assert [r.message for r in reports] == ["Unused `noqa` directive (unused: `BK101`)"]
    fix = reports[0].fix
    assert fix is not None
    assert fix.message == "Remove the unused codes from the `noqa` directive"
    assert apply_edits(text, fix.edits) == "x  # noqa: BK108\n"


def test_fix_keeps_the_reason_as_a_comment() -> None:
    assert fixed_by_the_only_report("x  # noqa: BK101 reason\n") == "x  # reason\n"


def test_fix_keeps_the_comment_before_the_directive() -> None:
    text = "x  # type: ignore  # noqa: BK101\n"
    assert fixed_by_the_only_report(text) == "x  # type: ignore\n"


def test_fix_of_a_directive_on_its_own_line_leaves_an_empty_line() -> None:
    assert fixed_by_the_only_report("# noqa: BK101\nx = 1\n") == "\nx = 1\n"


def test_fix_of_a_directive_after_a_tab() -> None:
    assert fixed_by_the_only_report("x\t# noqa: BK101\n") == "x\n"


def test_fix_in_a_requirements_file() -> None:
    text = "redis>=5  # noqa: BK101\nflask\n"
    assert fixed_by_the_only_report(text, REQUIREMENTS) == "redis>=5\nflask\n"


def test_fix_after_a_line_separator_inside_a_string() -> None:
    # U+2028 ends a line for str.splitlines(), not for Python or for positions.
    text = 's = "a\u2028b"\nx = 1  # noqa: BK101\n'
    assert fixed_by_the_only_report(text) == 's = "a\u2028b"\nx = 1\n'


def test_fix_after_a_form_feed_line() -> None:
    text = "import os\n\x0c\nx = 1  # noqa: BK101\n"
    assert fixed_by_the_only_report(text) == "import os\n\x0c\nx = 1\n"


def test_unknown_code_of_ours_is_reported() -> None:
    outcome = suppress([], {APP: "x  # noqa: BK999\n"})
    assert [r.message for r in unused_reports(outcome)] == [
        "Unused `noqa` directive (unknown: `BK999`)"
    ]
    assert fixed_by_the_only_report("x  # noqa: BK999\n") == "x\n"


def test_unused_and_unknown_codes_in_one_report() -> None:
    text = "x  # noqa: BK101, E501, BK999\n"
    reports = unused_reports(suppress([], {APP: text}))
    assert [(r.message, r.start, r.end) for r in reports] == [
        (
            "Unused `noqa` directive (unused: `BK101`; unknown: `BK999`)",
            Position(1, 12),
            Position(1, 30),
        )
    ]
    assert fixed_by_the_only_report(text) == "x  # noqa: E501\n"


def test_codes_of_other_tools_are_never_reported() -> None:
    assert suppress([], {APP: "x  # noqa: E501, F401\n"}).kept == []


def test_codes_of_rules_not_enabled_are_not_reported() -> None:
    outcome = suppress([], {APP: "x  # noqa: BK101\n"}, enabled=frozenset({"BK001"}))
    assert outcome.kept == []


def test_nothing_is_reported_when_bk001_is_not_enabled() -> None:
    outcome = suppress([], {APP: "x  # noqa: BK101, BK999\n"}, enabled=frozenset({"BK101"}))
    assert outcome.kept == []


def test_bare_noqa_is_never_reported() -> None:
    assert suppress([], {APP: "x  # noqa\n", REQUIREMENTS: "flask  # noqa\n"}).kept == []


def test_noqa_naming_bk001_keeps_the_directive_from_being_reported() -> None:
    # As ruff does for RUF100: naming the rule that reports unused codes suppresses it.
    assert suppress([], {APP: "x  # noqa: BK101, BK001\n"}).kept == []


def test_per_file_ignores_with_a_path_glob() -> None:
    inside = finding("BK101", 1, "/project/tests/test_app.py")
    outside = finding("BK101", 1, "/project/app.py")
    outcome = suppress([inside, outside], {}, per_file_ignores={"tests/*.py": ["BK101"]})
    assert (outcome.kept, outcome.suppressed) == ([outside], 1)


def test_per_file_ignores_with_a_basename_glob_matches_in_any_directory() -> None:
    deep = finding("BK108", 3, "/project/deploy/requirements/base.txt")
    python = finding("BK108", 3, "/project/base.py")
    outcome = suppress([deep, python], {}, per_file_ignores={"*.txt": ["BK108"]})
    assert (outcome.kept, outcome.suppressed) == ([python], 1)


def test_per_file_ignores_with_a_prefix_selector() -> None:
    path = "/project/tests/test_app.py"
    kept = finding("BK002", 1, path)
    outcome = suppress(
        [finding("BK101", 1, path), finding("BK108", 2, path), kept],
        {},
        per_file_ignores={"tests/*.py": ["BK1"]},
    )
    assert (outcome.kept, outcome.suppressed) == ([kept], 2)


def test_per_file_ignores_of_bk001_disable_unused_reports_for_the_file() -> None:
    outcome = suppress([], {APP: "x  # noqa: BK101\n"}, per_file_ignores={"app.py": ["BK001"]})
    assert outcome.kept == []


def test_file_level_noqa_suppresses_everything_in_its_file() -> None:
    other = finding("BK101", 1, "/project/other.py")
    outcome = suppress(
        [finding("BK101", 1), finding("BK108", 5), other],
        {APP: "# backlint: noqa\nx  # noqa: BK101\n", "/project/other.py": "y\n"},
    )
    assert (outcome.kept, outcome.suppressed) == ([other], 2)


def test_file_level_noqa_disables_unused_reports_for_its_file() -> None:
    outcome = suppress([], {APP: "# backlint: noqa\nx  # noqa: BK101, BK999\n"})
    assert outcome.kept == []


def test_file_level_noqa_with_codes_suppresses_only_those_codes() -> None:
    kept = finding("BK108", 3)
    outcome = suppress([finding("BK101", 2), kept], {APP: "# backlint: noqa: BK101\n"})
    assert (outcome.kept, outcome.suppressed) == ([kept], 1)


@pytest.mark.parametrize("comment", ["# noqa: BK101", "# backlint: noqa"])
def test_suppressions_apply_only_to_their_own_file(comment: str) -> None:
    other = finding("BK101", 1, "/project/other.py")
    outcome = suppress([other], {APP: f"x  {comment}\n"}, enabled=frozenset({"BK101"}))
    assert (outcome.kept, outcome.suppressed) == ([other], 0)
