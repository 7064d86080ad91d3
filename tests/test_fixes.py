"""Applying fixes: rounds of non-overlapping edits, validity, and writing files safely."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

import libcst as cst
import pytest

from backlint import fixes
from backlint.diagnostics import Edit, Fix, Position
from backlint.discovery import FileKind, SourceFile
from backlint.fixes import (
    MAX_ROUNDS,
    FixOutcome,
    WriteError,
    fix_files,
    unified_diff,
    write_atomically,
    write_changes,
)
from backlint.registry import RuleSet
from backlint.rule import PythonRule, RuleContext

# -- test-only rules ----------------------------------------------------------------------


class SuffixA(PythonRule):
    """Appends `_a` to names that do not have it."""

    code = "BK921"
    name = "suffix-a"
    family = "test"
    summary = "Name without _a"

    def visit_Name(self, node: cst.Name) -> None:
        if "_a" not in node.value and node.value != "print":
            edit = self.replacement(node, node.with_changes(value=node.value + "_a"))
            self.report(node, fix=Fix.safe("Add _a", [edit]))


class SuffixB(PythonRule):
    """Appends `_b` to names that do not have it."""

    code = "BK922"
    name = "suffix-b"
    family = "test"
    summary = "Name without _b"

    def visit_Name(self, node: cst.Name) -> None:
        if "_b" not in node.value and node.value != "print":
            edit = self.replacement(node, node.with_changes(value=node.value + "_b"))
            self.report(node, fix=Fix.safe("Add _b", [edit]))


class FirstLetter(PythonRule):
    """Upper-cases the first letter of the name `ab`."""

    code = "BK923"
    name = "first-letter"
    family = "test"
    summary = "Lower-case first letter"

    def visit_Name(self, node: cst.Name) -> None:
        if node.value.startswith("a") and len(node.value) == 2:
            start = self.file.span(node).start
            edit = Edit(start, Position(start.row, start.column + 1), "X")
            self.report(node, fix=Fix.safe("Upper-case", [edit]))


class SecondLetter(PythonRule):
    """Upper-cases the second letter of the name `ab`."""

    code = "BK924"
    name = "second-letter"
    family = "test"
    summary = "Lower-case second letter"

    def visit_Name(self, node: cst.Name) -> None:
        if node.value.endswith("b") and len(node.value) == 2:
            start = self.file.span(node).start
            edit = Edit(
                Position(start.row, start.column + 1), Position(start.row, start.column + 2), "Y"
            )
            self.report(node, fix=Fix.safe("Upper-case", [edit]))


class CountUp(PythonRule):
    """Raises integers below 5 by one."""

    code = "BK925"
    name = "count-up"
    family = "test"
    summary = "Small number"

    def visit_Integer(self, node: cst.Integer) -> None:
        if int(node.value) < 5:
            edit = self.replacement(node, str(int(node.value) + 1))
            self.report(node, fix=Fix.safe("Count up", [edit]))


class GrowForever(PythonRule):
    """Appends `x` to the name `v...` every time."""

    code = "BK926"
    name = "grow-forever"
    family = "test"
    summary = "A growing name"

    def visit_Name(self, node: cst.Name) -> None:
        if node.value.startswith("v"):
            edit = self.replacement(node, node.value + "x")
            self.report(node, fix=Fix.safe("Grow", [edit]))


class BreakSyntax(PythonRule):
    """Offers a fix that does not parse."""

    code = "BK927"
    name = "break-syntax"
    family = "test"
    summary = "Bad name"

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "bad":
            self.report(node, fix=Fix.safe("Break", [self.replacement(node, "bad bad")]))


class RenameOldName(PythonRule):
    """Renames `old_name` to `new_name`."""

    code = "BK928"
    name = "rename-old-name"
    family = "test"
    summary = "Old name"

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "old_name":
            edit = self.replacement(node, node.with_changes(value="new_name"))
            self.report(node, fix=Fix.safe("Rename", [edit]))


class UnsafeRename(PythonRule):
    """Renames `risky` to `safe`, unsafely."""

    code = "BK929"
    name = "unsafe-rename"
    family = "test"
    summary = "Risky name"

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "risky":
            self.report(node, fix=Fix.unsafe("Rename", [self.replacement(node, "safe")]))


class ArrowString(PythonRule):
    """Replaces the string `'arrow'` with `'→'`, a character latin-1 cannot encode."""

    code = "BK930"
    name = "arrow-string"
    family = "test"
    summary = "Arrow"

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if node.value == "'arrow'":
            self.report(node, fix=Fix.safe("Arrow", [self.replacement(node, "'→'")]))


# -- helpers ------------------------------------------------------------------------------


def rule_set(*rules: type[PythonRule], codes: Sequence[str] = ()) -> RuleSet:
    return RuleSet(
        codes=frozenset([*(r.code for r in rules), *codes]),
        python=rules,
        manifest=(),
        project=(),
    )


def source(path: Path, content: str | bytes) -> SourceFile:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    kind = FileKind.PYTHON if path.suffix == ".py" else FileKind.REQUIREMENTS
    return SourceFile(str(path), kind, True)


def fix(
    tmp_path: Path, files: Sequence[SourceFile], rules: RuleSet, *, unsafe: bool = False
) -> FixOutcome:
    return fix_files(files, rules=rules, context=RuleContext(), root=str(tmp_path), unsafe=unsafe)


def fix_and_write(tmp_path: Path, file: SourceFile, rules: RuleSet) -> bytes:
    outcome = fix(tmp_path, [file], rules)
    assert write_changes(outcome) == []
    return Path(file.path).read_bytes()


# -- rounds -------------------------------------------------------------------------------


def test_overlapping_fixes_apply_one_per_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = source(tmp_path / "app.py", "x = 1\n")
    monkeypatch.setattr(fixes, "MAX_ROUNDS", 1)
    outcome = fix(tmp_path, [file], rule_set(SuffixA, SuffixB))
    assert outcome.fixed[file.path] == b"x_a = 1\n"
    assert outcome.fixed_count == 1
    assert [(d.code, d.fix is not None) for d in outcome.result.diagnostics] == [("BK922", True)]


def test_overlapping_fix_is_applied_in_a_later_round(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", "x = 1\nprint(y)\n")
    outcome = fix(tmp_path, [file], rule_set(SuffixA, SuffixB))
    assert outcome.fixed[file.path] == b"x_a_b = 1\nprint(y_a_b)\n"
    assert outcome.fixed_count == 4
    assert outcome.result.diagnostics == []


def test_adjacent_fixes_apply_in_the_same_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = source(tmp_path / "app.py", "ab = 1\n")
    monkeypatch.setattr(fixes, "MAX_ROUNDS", 1)
    outcome = fix(tmp_path, [file], rule_set(FirstLetter, SecondLetter))
    assert outcome.fixed[file.path] == b"XY = 1\n"
    assert outcome.fixed_count == 2
    assert outcome.result.diagnostics == []


def test_fixes_repeat_until_nothing_changes(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", "x = 1\ny = 4\n")
    outcome = fix(tmp_path, [file], rule_set(CountUp))
    assert outcome.fixed[file.path] == b"x = 5\ny = 5\n"
    assert outcome.fixed_count == 5
    assert outcome.result.diagnostics == []


def test_fixing_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", "old_name = 1\nx = [old_name, 3]\n")
    rules = rule_set(RenameOldName, CountUp)
    first = fix_and_write(tmp_path, file, rules)
    second_outcome = fix(tmp_path, [file], rules)
    assert first == b"new_name = 5\nx = [new_name, 5]\n"
    assert second_outcome.changed_paths() == []
    assert second_outcome.fixed_count == 0
    assert write_changes(second_outcome) == []
    assert Path(file.path).read_bytes() == first


def test_a_fix_that_never_converges_stops_after_max_rounds(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", "v = 1\n")
    outcome = fix(tmp_path, [file], rule_set(GrowForever))
    assert outcome.fixed[file.path] == ("v" + "x" * MAX_ROUNDS + " = 1\n").encode()
    assert outcome.fixed_count == MAX_ROUNDS
    [left] = outcome.result.diagnostics
    assert (left.code, left.end) == ("BK926", Position(1, MAX_ROUNDS + 2))


def test_fixes_in_several_files(tmp_path: Path) -> None:
    first = source(tmp_path / "a.py", "old_name\n")
    second = source(tmp_path / "b.py", "x = old_name\n")
    untouched = source(tmp_path / "c.py", "y = 2\n")
    outcome = fix(tmp_path, [first, second, untouched], rule_set(RenameOldName))
    assert outcome.changed_paths() == sorted([first.path, second.path])
    assert outcome.fixed[first.path] == b"new_name\n"
    assert outcome.fixed[second.path] == b"x = new_name\n"
    assert Path(first.path).read_bytes() == b"old_name\n"  # nothing written yet


# -- fixes that would break the file ------------------------------------------------------


def test_fix_that_would_not_parse_is_not_applied(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", "x = 1\nbad = 2\n")
    outcome = fix(tmp_path, [file], rule_set(BreakSyntax))
    assert outcome.rejected == [
        f"{file.path}:2:1: fix for BK927 not applied: the result would not parse"
    ]
    assert outcome.changed_paths() == []
    assert outcome.fixed_count == 0
    assert [d.code for d in outcome.result.diagnostics] == ["BK927"]
    assert write_changes(outcome) == []
    assert Path(file.path).read_bytes() == b"x = 1\nbad = 2\n"


def test_other_fixes_of_the_file_are_applied_when_one_would_not_parse(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", "bad = 1\nold_name = 2\nx = old_name\n")
    outcome = fix(tmp_path, [file], rule_set(BreakSyntax, RenameOldName))
    assert outcome.fixed[file.path] == b"bad = 1\nnew_name = 2\nx = new_name\n"
    assert outcome.rejected == [
        f"{file.path}:1:1: fix for BK927 not applied: the result would not parse"
    ]
    assert outcome.fixed_count == 2


def test_fix_after_the_broken_one_in_the_file_is_applied(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", "old_name = 1\nbad = 2\n")
    outcome = fix(tmp_path, [file], rule_set(BreakSyntax, RenameOldName))
    assert outcome.fixed[file.path] == b"new_name = 1\nbad = 2\n"
    assert outcome.rejected == [
        f"{file.path}:2:1: fix for BK927 not applied: the result would not parse"
    ]


# -- applicability ------------------------------------------------------------------------


def test_unsafe_fix_is_not_applied_by_default(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", "risky = 1\n")
    outcome = fix(tmp_path, [file], rule_set(UnsafeRename))
    assert outcome.changed_paths() == []
    assert [d.code for d in outcome.result.diagnostics] == ["BK929"]


def test_unsafe_fix_is_applied_when_asked(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", "risky = 1\n")
    outcome = fix(tmp_path, [file], rule_set(UnsafeRename), unsafe=True)
    assert outcome.fixed[file.path] == b"safe = 1\n"
    assert outcome.result.diagnostics == []


# -- unused suppressions through the fix loop ---------------------------------------------


def test_removing_an_unused_noqa_keeps_the_code_of_its_line(tmp_path: Path) -> None:
    text = 's = "a\u2028b"\nx = 1  # noqa: BK101\n'
    file = source(tmp_path / "app.py", text)
    outcome = fix(tmp_path, [file], RuleSet.select(["BK001", "BK101"], []))
    assert outcome.fixed[file.path].decode() == 's = "a\u2028b"\nx = 1\n'


def test_removing_unused_noqa_codes_in_a_requirements_file(tmp_path: Path) -> None:
    file = source(tmp_path / "requirements.txt", "redis>=5  # noqa: BK101, E501\nflask\n")
    assert fix_and_write(tmp_path, file, RuleSet.select(["BK001", "BK101"], [])) == (
        b"redis>=5  # noqa: E501\nflask\n"
    )


# -- writing ------------------------------------------------------------------------------


def listing(directory: Path) -> list[str]:
    return sorted(os.listdir(directory))


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600])
def test_write_keeps_the_permission_bits(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "app.py"
    path.write_bytes(b"old\n")
    os.chmod(path, mode)
    write_atomically(str(path), b"new\n", b"old\n")
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert listing(tmp_path) == ["app.py"]


def test_fix_keeps_crlf_and_bom(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", b"\xef\xbb\xbfold_name = 1\r\nprint(old_name)\r\n")
    assert fix_and_write(tmp_path, file, rule_set(RenameOldName)) == (
        b"\xef\xbb\xbfnew_name = 1\r\nprint(new_name)\r\n"
    )


def test_fix_keeps_the_encoding_of_a_coding_cookie(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", b"# -*- coding: latin-1 -*-\nold_name = '\xe9t\xe9'\n")
    assert fix_and_write(tmp_path, file, rule_set(RenameOldName)) == (
        b"# -*- coding: latin-1 -*-\nnew_name = '\xe9t\xe9'\n"
    )


def test_fix_the_encoding_cannot_hold_is_not_applied(tmp_path: Path) -> None:
    data = b"# -*- coding: latin-1 -*-\ns = 'arrow'\nold_name = '\xe9'\n"
    file = source(tmp_path / "app.py", data)
    outcome = fix(tmp_path, [file], rule_set(ArrowString, RenameOldName))
    assert (
        outcome.fixed[file.path] == b"# -*- coding: latin-1 -*-\ns = 'arrow'\nnew_name = '\xe9'\n"
    )
    assert len(outcome.rejected) == 1
    assert "BK930" in outcome.rejected[0]


def test_fix_keeps_a_requirements_file_bom(tmp_path: Path) -> None:
    file = source(tmp_path / "requirements.txt", b"\xef\xbb\xbfredis  # noqa: BK101\r\n")
    assert fix_and_write(tmp_path, file, RuleSet.select(["BK001", "BK101"], [])) == (
        b"\xef\xbb\xbfredis\r\n"
    )


def test_write_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_bytes(b"edited elsewhere\n")
    with pytest.raises(WriteError) as caught:
        write_atomically(str(path), b"fixed\n", b"as read\n")
    assert str(caught.value) == (
        f"{path}: not fixed: the file changed on disk while it was checked"
    )
    assert path.read_bytes() == b"edited elsewhere\n"
    assert listing(tmp_path) == ["app.py"]


def test_write_changes_reports_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", "old_name = 1\n")
    outcome = fix(tmp_path, [file], rule_set(RenameOldName))
    Path(file.path).write_bytes(b"old_name = 2\n")
    assert write_changes(outcome) == [
        f"{file.path}: not fixed: the file changed on disk while it was checked"
    ]
    assert Path(file.path).read_bytes() == b"old_name = 2\n"


def test_write_refuses_a_read_only_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "app.py"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o444)
    if os.geteuid() == 0:  # root may write anything: let the access check see read-only
        real_access = os.access

        def access(target: str, mode: int, **kwargs: object) -> bool:
            if os.fspath(target) == str(path) and mode & os.W_OK:
                return False
            return real_access(target, mode, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", access)
    with pytest.raises(WriteError) as caught:
        write_atomically(str(path), b"new\n", b"old\n")
    assert str(caught.value) == f"{path}: not fixed: the file is read-only"
    assert path.read_bytes() == b"old\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert listing(tmp_path) == ["app.py"]


def test_write_refuses_a_file_that_is_gone(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    with pytest.raises(WriteError) as caught:
        write_atomically(str(path), b"new\n", b"old\n")
    assert str(caught.value) == f"{path}: not fixed: cannot be read: No such file or directory"
    assert listing(tmp_path) == []


def test_failed_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "app.py"
    path.write_bytes(b"old\n")

    def refuse(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteError) as caught:
        write_atomically(str(path), b"new\n", b"old\n")
    assert str(caught.value) == f"{path}: not fixed: No space left on device"
    assert path.read_bytes() == b"old\n"
    assert listing(tmp_path) == ["app.py"]


def test_successful_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    file = source(tmp_path / "app.py", "old_name = 1\n")
    other = tmp_path / "notes.txt"
    other.write_text("keep\n")
    fix_and_write(tmp_path, file, rule_set(RenameOldName))
    assert listing(tmp_path) == ["app.py", "notes.txt"]


def test_write_through_a_symlink_updates_the_target(tmp_path: Path) -> None:
    target = tmp_path / "real.py"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.py"
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")
    write_atomically(str(link), b"new\n", b"old\n")
    assert link.is_symlink()
    assert target.read_bytes() == b"new\n"
    assert listing(tmp_path) == ["link.py", "real.py"]


# -- diffs --------------------------------------------------------------------------------


def test_unified_diff_format() -> None:
    before = b"import os\nx = 1\ny = 2\n"
    after = b"import os\nx = 10\ny = 2\n"
    assert unified_diff("/p/app.py", before, after, "app.py") == (
        "--- app.py\n+++ app.py\n@@ -1,3 +1,3 @@\n import os\n-x = 1\n+x = 10\n y = 2\n"
    )


def test_unified_diff_with_separate_hunks() -> None:
    lines = [f"line {n}\n" for n in range(1, 21)]
    changed = list(lines)
    changed[1] = "LINE 2\n"
    changed[17] = "LINE 18\n"
    diff = unified_diff("/p/a.py", "".join(lines).encode(), "".join(changed).encode(), "a.py")
    assert diff.splitlines()[:3] == ["--- a.py", "+++ a.py", "@@ -1,5 +1,5 @@"]
    assert [line for line in diff.splitlines() if line.startswith("@@")] == [
        "@@ -1,5 +1,5 @@",
        "@@ -15,6 +15,6 @@",
    ]
    assert "-line 18" in diff.splitlines()
    assert "+LINE 18" in diff.splitlines()


def test_unified_diff_of_identical_content_is_empty() -> None:
    assert unified_diff("/p/a.py", b"x\n", b"x\n", "a.py") == ""


def test_unified_diff_ends_every_line() -> None:
    diff = unified_diff("/p/a.py", b"x = 1", b"x = 2", "a.py")
    assert diff == "--- a.py\n+++ a.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n"
