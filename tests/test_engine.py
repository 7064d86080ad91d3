"""The engine: one traversal per Python file, facts, the project pass, unreadable input."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import PositionProvider

from backlint import engine
from backlint.cache import ResultCache
from backlint.diagnostics import Diagnostic, Fix, Position
from backlint.discovery import FileKind, SourceFile
from backlint.engine import RunResult, run
from backlint.facts import ImportFact
from backlint.fixes import fix_files
from backlint.manifests import Manifest, Span
from backlint.project import ProjectFacts
from backlint.registry import RuleSet
from backlint.rule import ManifestRule, ProjectRule, PythonRule, RuleContext
from backlint.sources.view import SourceView

# -- test-only rules ----------------------------------------------------------------------

recorded: list[tuple[str, str]] = []


@pytest.fixture(autouse=True)
def _clear_recorded() -> Iterator[None]:
    recorded.clear()
    yield
    recorded.clear()


class WatchNamesA(PythonRule):
    """Records the nodes it visits."""

    code = "BK901"
    name = "watch-names-a"
    family = "test"
    summary = "Name seen by A"

    def visit_Module(self, node: cst.Module) -> None:
        recorded.append((self.code, "Module"))

    def visit_Name(self, node: cst.Name) -> None:
        recorded.append((self.code, node.value))


class WatchNamesB(WatchNamesA):
    """Records the nodes it visits, too."""

    code = "BK902"
    name = "watch-names-b"


class ReportTarget(PythonRule):
    """Reports every name `target`."""

    code = "BK903"
    name = "report-target"
    family = "test"
    summary = "A target"

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "target":
            self.report(node)


class ReportCalls(PythonRule):
    """Reports every call."""

    code = "BK904"
    name = "report-calls"
    family = "test"
    summary = "A call"

    def visit_Call(self, node: cst.Call) -> None:
        self.report(node, f"call of `{self.file.code_for(node.func)}`")


class NeedsNeedle(PythonRule):
    """Runs only on files that mention a needle."""

    code = "BK905"
    name = "needs-needle"
    family = "test"
    summary = "A module with a needle"
    required_text = ("needle", "pin")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        recorded.append((self.code, self.file.path))

    def visit_Module(self, node: cst.Module) -> None:
        self.report(node)


class NeedsNeedleCall(PythonRule):
    """Runs only on files that call ``needle()``; its ast gate says so."""

    code = "BK906"
    name = "needs-needle-call"
    family = "test"
    summary = "A call of needle"
    required_text = ("needle",)
    gate_says: bool | None = None  # None: the gate looks for the call

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        recorded.append((self.code, self.file.path))

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        if cls.gate_says is not None:
            return cls.gate_says
        return any(qualified == "tools.needle" for _, qualified in view.callees())

    def visit_Call(self, node: cst.Call) -> None:
        if self.file.qualify(node.func) == "tools.needle":
            self.report(node)


class ReportsDictCalls(PythonRule):
    """Reports ``.dict()`` calls; only in projects that mention ``modellib``."""

    code = "BK907"
    name = "reports-dict-calls"
    family = "test"
    summary = "A dict call"
    required_text = (".dict(",)
    project_tokens = ("modellib",)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        recorded.append((self.code, os.path.basename(self.file.path)))

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "dict":
            self.report(node)


class RenameOldName(PythonRule):
    """Renames `old_name` to `new_name`."""

    code = "BK906"
    name = "rename-old-name"
    family = "test"
    summary = "Old name"

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "old_name":
            edit = self.replacement(node, node.with_changes(value="new_name"))
            self.report(node, fix=Fix.safe("Rename", [edit]))


class QuoteNumbers(PythonRule):
    """Replaces integers with strings, using source text."""

    code = "BK907"
    name = "quote-numbers"
    family = "test"
    summary = "A number"

    def visit_Integer(self, node: cst.Integer) -> None:
        self.report(node, fix=Fix.safe("Quote", [self.replacement(node, f"'{node.value}'")]))


class PositionsFromMetadata(PythonRule):
    """Resolves libcst metadata in the shared traversal."""

    code = "BK908"
    name = "positions-from-metadata"
    family = "test"
    summary = "A target, located by metadata"
    METADATA_DEPENDENCIES = (PositionProvider,)

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "target":
            code_range = self.get_metadata(PositionProvider, node)
            recorded.append((self.code, f"{code_range.start.line}:{code_range.start.column}"))
            self.report(node)


class FailsOnBoom(PythonRule):
    """Raises on a name `boom`."""

    code = "BK909"
    name = "fails-on-boom"
    family = "test"
    summary = "Never reported"

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "boom":
            raise ValueError("rule bug")


class ReportNamesBackwards(PythonRule):
    """Reports every name, last one first."""

    code = "BK910"
    name = "report-names-backwards"
    family = "test"
    summary = "A name"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.names: list[cst.Name] = []

    def visit_Name(self, node: cst.Name) -> None:
        self.names.append(node)

    def leave_Module(self, original_node: cst.Module) -> None:
        for node in reversed(self.names):
            self.report(node, node.value)


class EveryFile(ProjectRule):
    """Sees every file's facts and reports on each file."""

    code = "BK911"
    name = "every-file"
    family = "test"
    summary = "A file"

    seen: list[tuple[list[str], list[str], list[str], list[str]]] = []  # noqa: RUF012

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterable[Diagnostic]:
        EveryFile.seen.append(
            (
                sorted(project.files),
                sorted(f.path for f in project.python_files()),
                sorted(m.path for m in project.manifests()),
                sorted(fact.module for f in project.python_files() for fact in f.imports),
            )
        )
        at = Span(Position(1, 1), Position(1, 2))
        for path in sorted(project.files):
            yield self.diagnostic(path, at, f"seen {os.path.basename(path)}")


class ProjectFails(ProjectRule):
    """Raises."""

    code = "BK912"
    name = "project-fails"
    family = "test"
    summary = "Never reported"

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterable[Diagnostic]:
        raise RuntimeError("project rule bug")


class ManifestFails(ManifestRule):
    """Raises."""

    code = "BK913"
    name = "manifest-fails"
    family = "test"
    summary = "Never reported"

    def check_manifest(self, manifest: Manifest, context: RuleContext) -> Iterable[Diagnostic]:
        raise KeyError("manifest rule bug")


class EveryRequirement(ManifestRule):
    """Reports every requirement."""

    code = "BK914"
    name = "every-requirement"
    family = "test"
    summary = "A requirement"

    def check_manifest(self, manifest: Manifest, context: RuleContext) -> Iterable[Diagnostic]:
        for requirement in manifest.requirements:
            yield self.diagnostic(manifest.path, requirement.span, requirement.text)


# -- helpers ------------------------------------------------------------------------------


def rule_set(*rules: type, codes: Iterable[str] | None = None) -> RuleSet:
    return RuleSet(
        codes=frozenset(codes if codes is not None else (r.code for r in rules)),
        python=tuple(r for r in rules if issubclass(r, PythonRule)),
        manifest=tuple(r for r in rules if issubclass(r, ManifestRule)),
        project=tuple(r for r in rules if issubclass(r, ProjectRule)),
    )


def write(root: Path, relative: str, content: str | bytes) -> SourceFile:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    kind = FileKind.PYTHON if relative.endswith(".py") else FileKind.REQUIREMENTS
    return SourceFile(str(path), kind, True)


def check(root: Path, files: Sequence[SourceFile], rules: RuleSet, **options: object) -> RunResult:
    return run(files, rules=rules, context=RuleContext(), root=str(root), **options)  # type: ignore[arg-type]


def located(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, str, int, int, int, int]]:
    return [
        (
            os.path.basename(d.path),
            d.code,
            d.start.row,
            d.start.column,
            d.end.row,
            d.end.column,
        )
        for d in diagnostics
    ]


def imports_of(tmp_path: Path, text: str) -> list[ImportFact]:
    source = write(tmp_path, "module.py", text)
    result = check(tmp_path, [source], rule_set())
    return list(result.files[source.path].imports)


# -- one traversal ------------------------------------------------------------------------


def test_python_rules_share_one_traversal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    visits: list[cst.CSTNode] = []
    original = engine.visit_batched

    def counting_visit(module: cst.CSTNode, visitors: Sequence[cst.BatchableCSTVisitor]) -> None:
        visits.append(module)
        original(module, visitors)

    monkeypatch.setattr(engine, "visit_batched", counting_visit)
    source = write(tmp_path, "app.py", "a = b\nc(d)\n")
    check(tmp_path, [source], rule_set(WatchNamesA, WatchNamesB))
    assert len(visits) == 1
    assert recorded == [
        ("BK901", "Module"),
        ("BK902", "Module"),
        ("BK901", "a"),
        ("BK902", "a"),
        ("BK901", "b"),
        ("BK902", "b"),
        ("BK901", "c"),
        ("BK902", "c"),
        ("BK901", "d"),
        ("BK902", "d"),
    ]


def test_rules_with_metadata_share_the_traversal_and_the_facts(tmp_path: Path) -> None:
    source = write(tmp_path, "app.py", "import os\nif 1:\n    target = 1\n")
    result = check(tmp_path, [source], rule_set(WatchNamesA, PositionsFromMetadata))
    assert recorded == [
        ("BK901", "Module"),
        ("BK901", "os"),
        ("BK901", "target"),
        ("BK908", "3:4"),
    ]
    assert located(result.diagnostics) == [("app.py", "BK908", 3, 5, 3, 11)]
    assert [fact.module for fact in result.files[source.path].imports] == ["os"]


def test_required_text_gate_skips_files_without_the_text(tmp_path: Path) -> None:
    with_needle = write(tmp_path, "a.py", "x = 1  # a needle\n")
    with_pin = write(tmp_path, "b.py", "pin = 2\n")
    without = write(tmp_path, "c.py", "x = 2\n")
    result = check(tmp_path, [with_needle, with_pin, without], rule_set(NeedsNeedle))
    assert recorded == [("BK905", with_needle.path), ("BK905", with_pin.path)]
    assert located(result.diagnostics) == [
        ("a.py", "BK905", 1, 1, 2, 1),
        ("b.py", "BK905", 1, 1, 2, 1),
    ]


def test_ast_gate_skips_files_that_pass_the_text_gate_but_cannot_concern_the_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "VERIFY_GATES", False)
    called = write(tmp_path, "a.py", "from tools import needle\n\nneedle()\n")
    mentioned = write(tmp_path, "b.py", "# a needle in a comment\nneedle = 1\n")
    unparsable = write(tmp_path, "c.py", "needle(\n")
    rules = rule_set(NeedsNeedleCall, codes=["BK906", "BK002"])
    result = check(tmp_path, [called, mentioned, unparsable], rules)
    # The file CPython cannot parse goes to libcst, which reports the syntax error.
    assert recorded == [("BK906", called.path)]
    assert [(d.code, os.path.basename(d.path)) for d in result.diagnostics] == [
        ("BK906", "a.py"),
        ("BK002", "c.py"),
    ]


def test_verification_catches_an_ast_gate_that_skips_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "VERIFY_GATES", True)
    monkeypatch.setattr(NeedsNeedleCall, "gate_says", False)
    called = write(tmp_path, "a.py", "from tools import needle\n\nneedle()\n")
    result = check(tmp_path, [called], rule_set(NeedsNeedleCall))
    assert result.diagnostics == []
    assert len(result.errors) == 1
    assert "the ast gate of NeedsNeedleCall skipped a file" in result.errors[0]
    assert "a.py" in result.errors[0]


def test_verification_accepts_a_gate_that_skips_only_files_without_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "VERIFY_GATES", True)
    mentioned = write(tmp_path, "b.py", "needle = 1\n")
    result = check(tmp_path, [mentioned], rule_set(NeedsNeedleCall))
    assert result.errors == []
    assert result.diagnostics == []


def test_rules_whose_modules_no_file_mentions_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "VERIFY_GATES", False)
    a = write(tmp_path, "a.py", "x = {}.dict()\n")
    b = write(tmp_path, "b.py", "import json\n")
    result = check(tmp_path, [a, b], rule_set(ReportsDictCalls))
    assert recorded == []
    assert result.dormant == {"ReportsDictCalls"}
    assert result.diagnostics == []
    # One file mentions the module: the rule runs on every file its text gate passes.
    write(tmp_path, "b.py", "import modellib\n")
    result = check(tmp_path, [a, b], rule_set(ReportsDictCalls))
    assert recorded == [("BK907", "a.py")]
    assert result.dormant == frozenset()
    assert [(d.code, os.path.basename(d.path)) for d in result.diagnostics] == [("BK907", "a.py")]


def test_a_mention_in_another_file_wakes_the_rule_on_files_cached_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "VERIFY_GATES", False)
    a = write(tmp_path, "a.py", "x = {}.dict()\n")
    b = write(tmp_path, "b.py", "import json\n")
    assert check(tmp_path, [a, b], rule_set(ReportsDictCalls), cache=ResultCache(str(tmp_path)))
    assert (
        check(
            tmp_path, [a, b], rule_set(ReportsDictCalls), cache=ResultCache(str(tmp_path))
        ).diagnostics
        == []
    )
    # a.py is unchanged (its stamp and cached result stay), b.py now imports the module.
    write(tmp_path, "b.py", "import modellib\n")
    result = check(tmp_path, [a, b], rule_set(ReportsDictCalls), cache=ResultCache(str(tmp_path)))
    assert [(d.code, os.path.basename(d.path)) for d in result.diagnostics] == [("BK907", "a.py")]
    # And asleep again once no file mentions it.
    write(tmp_path, "b.py", "import json  # no longer\n")
    result = check(tmp_path, [a, b], rule_set(ReportsDictCalls), cache=ResultCache(str(tmp_path)))
    assert result.diagnostics == []


def test_verification_catches_project_tokens_that_leave_out_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "VERIFY_GATES", True)
    a = write(tmp_path, "a.py", "x = {}.dict()\n")
    result = check(tmp_path, [a], rule_set(ReportsDictCalls))
    assert result.diagnostics == []
    assert len(result.errors) == 1
    assert (
        "ReportsDictCalls: left out as no Python file of the project mentions"
        in (result.errors[0])
    )


# -- diagnostics --------------------------------------------------------------------------


def test_diagnostic_carries_the_rule_and_the_node_span(tmp_path: Path) -> None:
    source = write(tmp_path, "app.py", "x = 1\ny = target + 2\n")
    result = check(tmp_path, [source], rule_set(ReportTarget))
    assert result.diagnostics == [
        Diagnostic(
            code="BK903",
            name="report-target",
            message="A target",
            path=source.path,
            start=Position(2, 5),
            end=Position(2, 11),
        )
    ]


def test_span_columns_count_code_points_after_tabs_and_wide_characters(tmp_path: Path) -> None:
    text = "if 1:\n\tx = '日本語😀'; target = 1\n\ts = '😀'\n\ttarget\n"
    source = write(tmp_path, "app.py", text)
    result = check(tmp_path, [source], rule_set(ReportTarget))
    assert located(result.diagnostics) == [
        ("app.py", "BK903", 2, 14, 2, 20),
        ("app.py", "BK903", 4, 2, 4, 8),
    ]


def test_span_of_a_node_over_several_lines(tmp_path: Path) -> None:
    text = "value = call(\n    '日本',\n    other(1),\n)\n"
    source = write(tmp_path, "app.py", text)
    result = check(tmp_path, [source], rule_set(ReportCalls))
    assert [(d.message, d.start, d.end) for d in result.diagnostics] == [
        ("call of `call`", Position(1, 9), Position(4, 2)),
        ("call of `other`", Position(3, 5), Position(3, 13)),
    ]


def test_span_in_a_crlf_file(tmp_path: Path) -> None:
    source = write(tmp_path, "app.py", "x = 1\r\n\r\n  # c\r\ny = target\r\n")
    result = check(tmp_path, [source], rule_set(ReportTarget))
    assert located(result.diagnostics) == [("app.py", "BK903", 4, 5, 4, 11)]


def test_replacement_with_a_node_is_applied_by_fix_files(tmp_path: Path) -> None:
    source = write(tmp_path, "app.py", "old_name = 1\nprint(old_name, '日本')\n")
    outcome = fix_files(
        [source], rules=rule_set(RenameOldName), context=RuleContext(), root=str(tmp_path)
    )
    assert outcome.fixed[source.path] == "new_name = 1\nprint(new_name, '日本')\n".encode()
    assert outcome.fixed_count == 2
    assert outcome.result.diagnostics == []


def test_replacement_edit_covers_the_node(tmp_path: Path) -> None:
    source = write(tmp_path, "app.py", "print(old_name)\n")
    result = check(tmp_path, [source], rule_set(RenameOldName))
    [diagnostic] = result.diagnostics
    assert diagnostic.fix is not None
    [edit] = diagnostic.fix.edits
    assert (edit.start, edit.end, edit.content) == (Position(1, 7), Position(1, 15), "new_name")


def test_replacement_with_source_text_is_applied_by_fix_files(tmp_path: Path) -> None:
    source = write(tmp_path, "app.py", "x = [1, 22]\n")
    outcome = fix_files(
        [source], rules=rule_set(QuoteNumbers), context=RuleContext(), root=str(tmp_path)
    )
    assert outcome.fixed[source.path] == b"x = ['1', '22']\n"


def test_diagnostics_of_rules_not_selected_are_dropped(tmp_path: Path) -> None:
    source = write(tmp_path, "app.py", "target(x)\n")
    result = check(tmp_path, [source], rule_set(ReportTarget, ReportCalls, codes={"BK904"}))
    assert located(result.diagnostics) == [("app.py", "BK904", 1, 1, 1, 10)]


def test_diagnostics_are_sorted_by_path_row_and_column(tmp_path: Path) -> None:
    second = write(tmp_path, "b.py", "bb; b\nba\n")
    first = write(tmp_path, "a.py", "a2 = a1\na3\n")
    result = check(tmp_path, [second, first], rule_set(ReportNamesBackwards))
    assert [(os.path.basename(d.path), d.message) for d in result.diagnostics] == [
        ("a.py", "a2"),
        ("a.py", "a1"),
        ("a.py", "a3"),
        ("b.py", "bb"),
        ("b.py", "b"),
        ("b.py", "ba"),
    ]


def test_noqa_suppresses_a_rule_diagnostic(tmp_path: Path) -> None:
    source = write(tmp_path, "app.py", "target  # noqa: BK903\ntarget\n")
    result = check(tmp_path, [source], rule_set(ReportTarget))
    assert located(result.diagnostics) == [("app.py", "BK903", 2, 1, 2, 7)]
    assert result.suppressed == 1


def test_per_file_ignores_reach_the_suppression_step(tmp_path: Path) -> None:
    ignored = write(tmp_path, "tests/test_app.py", "target\n")
    kept = write(tmp_path, "app.py", "target\n")
    result = check(
        tmp_path,
        [ignored, kept],
        rule_set(ReportTarget),
        per_file_ignores={"tests/*.py": ["BK9"]},
    )
    assert [d.path for d in result.diagnostics] == [kept.path]
    assert result.suppressed == 1


# -- import facts -------------------------------------------------------------------------


def test_import_with_alias(tmp_path: Path) -> None:
    assert imports_of(tmp_path, "import a.b as c\n") == [ImportFact("a.b", 0, (), 1, 1)]


def test_import_of_several_modules(tmp_path: Path) -> None:
    assert imports_of(tmp_path, "import os, sys.path\n") == [
        ImportFact("os", 0, (), 1, 1),
        ImportFact("sys.path", 0, (), 1, 1),
    ]


def test_relative_import_from_the_package(tmp_path: Path) -> None:
    assert imports_of(tmp_path, "from . import x\n") == [ImportFact("", 1, ("x",), 1, 1)]


def test_relative_import_from_a_parent_module(tmp_path: Path) -> None:
    assert imports_of(tmp_path, "from ..pkg.mod import y, z as w\n") == [
        ImportFact("pkg.mod", 2, ("y", "z"), 1, 1)
    ]


def test_relative_import_three_levels_up(tmp_path: Path) -> None:
    assert imports_of(tmp_path, "from ...pkg import (\n    a,\n    b,\n)\n") == [
        ImportFact("pkg", 3, ("a", "b"), 1, 1)
    ]


def test_star_import(tmp_path: Path) -> None:
    assert imports_of(tmp_path, "from m import *\n") == [ImportFact("m", 0, ("*",), 1, 1)]


def test_import_rows_and_columns(tmp_path: Path) -> None:
    text = '"""Doc."""\n\nimport a; import b\nx = 1;  from c import d\n'
    facts = imports_of(tmp_path, text)
    assert [(f.module, f.row, f.column) for f in facts] == [
        ("a", 3, 1),
        ("b", 3, 11),
        ("c", 4, 9),
    ]


def test_import_inside_a_function(tmp_path: Path) -> None:
    text = (
        "def f():\n"
        "    import json\n"
        "class C:\n"
        "    async def g(self):\n"
        "        from a import b\n"
        "    import c\n"
        "import d\n"
    )
    facts = imports_of(tmp_path, text)
    assert [(f.module, f.row, f.column, f.in_function) for f in facts] == [
        ("json", 2, 5, True),
        ("a", 5, 9, True),
        ("c", 6, 5, False),
        ("d", 7, 1, False),
    ]


def test_import_under_type_checking(tmp_path: Path) -> None:
    text = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    import a\n"
        "    if x:\n"
        "        import b\n"
        "else:\n"
        "    import c\n"
        "import d\n"
    )
    facts = imports_of(tmp_path, text)
    assert [(f.module, f.type_checking) for f in facts] == [
        ("typing", False),
        ("a", True),
        ("b", True),
        ("c", False),
        ("d", False),
    ]


def test_import_under_typing_dot_type_checking(tmp_path: Path) -> None:
    text = "import typing\nif typing.TYPE_CHECKING:\n    import a\nelse:\n    import b\n"
    facts = imports_of(tmp_path, text)
    assert [(f.module, f.row, f.column, f.type_checking) for f in facts] == [
        ("typing", 1, 1, False),
        ("a", 3, 5, True),
        ("b", 5, 5, False),
    ]


def test_import_under_another_condition_is_not_type_checking(tmp_path: Path) -> None:
    text = "if not TYPE_CHECKING:\n    import a\nif DEBUG:\n    import b\n"
    assert [f.type_checking for f in imports_of(tmp_path, text)] == [False, False]


def test_import_guarded_by_except_import_error(tmp_path: Path) -> None:
    text = "try:\n    import ujson as json\nexcept ImportError:\n    import json\nimport os\n"
    facts = imports_of(tmp_path, text)
    assert [(f.module, f.row, f.guarded) for f in facts] == [
        ("ujson", 2, True),
        ("json", 4, False),
        ("os", 5, False),
    ]


@pytest.mark.parametrize(
    "handler",
    ["ModuleNotFoundError", "(ValueError, ImportError)", "builtins.ImportError", "Exception", ""],
)
def test_import_guarded_by_handlers_that_catch_import_errors(tmp_path: Path, handler: str) -> None:
    text = f"try:\n    import a\nexcept {handler}:\n    pass\n".replace("except :", "except:")
    assert [f.guarded for f in imports_of(tmp_path, text)] == [True]


def test_import_in_try_except_value_error_is_not_guarded(tmp_path: Path) -> None:
    text = "try:\n    import a\nexcept ValueError:\n    pass\n"
    assert [f.guarded for f in imports_of(tmp_path, text)] == [False]


def test_import_facts_of_several_kinds_at_once(tmp_path: Path) -> None:
    text = (
        "import typing\n"
        "if typing.TYPE_CHECKING:\n"
        "    try:\n"
        "        from .models import User\n"
        "    except ImportError:\n"
        "        pass\n"
        "def f():\n"
        "    if typing.TYPE_CHECKING:\n"
        "        import x\n"
    )
    assert imports_of(tmp_path, text) == [
        ImportFact("typing", 0, (), 1, 1),
        ImportFact("models", 1, ("User",), 4, 9, type_checking=True, guarded=True),
        ImportFact("x", 0, (), 9, 9, in_function=True, type_checking=True),
    ]


# -- the project pass ---------------------------------------------------------------------


def test_project_rule_sees_the_facts_of_every_file(tmp_path: Path) -> None:
    EveryFile.seen.clear()
    app = write(tmp_path, "app.py", "import fastapi\n")
    other = write(tmp_path, "pkg/other.py", "from sqlalchemy import select\n")
    requirements = write(tmp_path, "requirements.txt", "fastapi\n")
    result = check(tmp_path, [app, other, requirements], rule_set(EveryFile))
    everything = sorted([app.path, other.path, requirements.path])
    assert EveryFile.seen == [
        (
            everything,
            sorted([app.path, other.path]),
            [requirements.path],
            ["fastapi", "sqlalchemy"],
        )
    ]
    assert [d.message for d in result.diagnostics] == [
        "seen app.py",
        "seen other.py",
        "seen requirements.txt",
    ]


def test_failing_rule_is_reported_and_other_files_are_still_checked(tmp_path: Path) -> None:
    broken = write(tmp_path, "a.py", "boom = target\n")
    fine = write(tmp_path, "b.py", "target\n")
    result = check(tmp_path, [broken, fine], rule_set(ReportTarget, FailsOnBoom))
    assert len(result.errors) == 1
    assert result.errors[0].startswith(f"{broken.path}: ")
    assert "BK909" in result.errors[0]
    assert "rule bug" in result.errors[0]
    assert located(result.diagnostics) == [("b.py", "BK903", 1, 1, 1, 7)]


def test_failing_rule_error_names_only_the_failing_rule(tmp_path: Path) -> None:
    broken = write(tmp_path, "a.py", "boom = target\n")
    result = check(tmp_path, [broken], rule_set(ReportTarget, FailsOnBoom))
    assert len(result.errors) == 1
    assert "BK909" in result.errors[0]
    assert "BK903" not in result.errors[0]


def test_failing_manifest_rule_is_reported_with_file_and_code(tmp_path: Path) -> None:
    requirements = write(tmp_path, "requirements.txt", "flask\n")
    fine = write(tmp_path, "app.py", "target\n")
    result = check(tmp_path, [requirements, fine], rule_set(ManifestFails, ReportTarget))
    assert result.errors == [
        f"{requirements.path}: rule BK913 failed: KeyError('manifest rule bug')"
    ]
    assert located(result.diagnostics) == [("app.py", "BK903", 1, 1, 1, 7)]


def test_failing_project_rule_is_reported_and_other_results_are_kept(tmp_path: Path) -> None:
    fine = write(tmp_path, "app.py", "target\n")
    result = check(tmp_path, [fine], rule_set(ProjectFails, ReportTarget))
    assert result.errors == ["project rule BK912 failed: RuntimeError('project rule bug')"]
    assert located(result.diagnostics) == [("app.py", "BK903", 1, 1, 1, 7)]


# -- files that cannot be read ------------------------------------------------------------


def test_file_that_does_not_parse_gives_one_bk002_only(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.py", "target = 1\ndef f(:  # noqa: BK101\n    target\n")
    fine = write(tmp_path, "fine.py", "target\n")
    rules = rule_set(ReportTarget, NeedsNeedle, codes={"BK903", "BK905", "BK002", "BK001"})
    result = check(tmp_path, [broken, fine], rules)
    assert [(d.path, d.code, d.message, d.start, d.end) for d in result.diagnostics] == [
        (broken.path, "BK002", "syntax error: invalid syntax", Position(2, 7), Position(2, 7)),
        (fine.path, "BK903", "A target", Position(1, 1), Position(1, 7)),
    ]
    assert result.files[broken.path].readable is False
    assert result.files[broken.path].imports == ()


def test_file_that_does_not_parse_is_silent_without_bk002(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.py", "def f(:\n")
    result = check(tmp_path, [broken], rule_set(ReportTarget))
    assert result.diagnostics == []
    assert result.files[broken.path].readable is False


def test_file_that_cannot_be_read_gives_bk002(tmp_path: Path) -> None:
    locked = write(tmp_path, "locked.py", "target\n")
    fine = write(tmp_path, "fine.py", "target\n")
    options: dict[str, object] = {}
    if os.geteuid() == 0:  # permissions do not stop root: make the read fail instead

        def refuse(path: str) -> bytes:
            if path == locked.path:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
            with open(path, "rb") as handle:
                return handle.read()

        options["read"] = refuse
    else:
        os.chmod(locked.path, 0)
    try:
        result = check(
            tmp_path, [locked, fine], rule_set(ReportTarget, codes={"BK903", "BK002"}), **options
        )
    finally:
        os.chmod(locked.path, 0o644)
    assert [(os.path.basename(d.path), d.code, d.message) for d in result.diagnostics] == [
        ("fine.py", "BK903", "A target"),
        ("locked.py", "BK002", "cannot be read: Permission denied"),
    ]
    assert result.diagnostics[1].start == Position(1, 1)


def test_python_file_that_is_not_utf8_gives_bk002_at_the_bad_byte(tmp_path: Path) -> None:
    source = write(tmp_path, "app.py", b"x = 1\ny = '\xe9t\xe9'\n")
    result = check(tmp_path, [source], rule_set(codes={"BK002"}))
    [diagnostic] = result.diagnostics
    assert (diagnostic.code, diagnostic.start) == ("BK002", Position(2, 6))
    assert diagnostic.message.startswith("not valid UTF-8: byte 0xe9 cannot be decoded")


def test_requirements_file_that_is_not_utf8_gives_bk002_at_the_bad_character(
    tmp_path: Path,
) -> None:
    data = b"flask\n# " + "日本語".encode() + b"\xff\n"
    requirements = write(tmp_path, "requirements.txt", data)
    result = check(tmp_path, [requirements], rule_set(codes={"BK002"}))
    assert [(d.code, d.message, d.start) for d in result.diagnostics] == [
        ("BK002", "not valid UTF-8: byte 0xff cannot be decoded", Position(2, 6))
    ]


def test_requirements_file_with_bom_that_is_not_utf8_gives_bk002_at_the_bad_byte(
    tmp_path: Path,
) -> None:
    requirements = write(tmp_path, "requirements.txt", b"\xef\xbb\xbfflask\nx\xff\n")
    result = check(tmp_path, [requirements], rule_set(codes={"BK002"}))
    assert [(d.code, d.message, d.start) for d in result.diagnostics] == [
        ("BK002", "not valid UTF-8: byte 0xff cannot be decoded", Position(2, 2))
    ]


def test_python_file_with_a_non_text_codec_cookie_gives_bk002(tmp_path: Path) -> None:
    odd = write(tmp_path, "odd.py", b"# coding: hex\nx = 1\n")
    fine = write(tmp_path, "fine.py", "target\n")
    result = check(tmp_path, [odd, fine], rule_set(ReportTarget, codes={"BK903", "BK002"}))
    assert [(os.path.basename(d.path), d.code) for d in result.diagnostics] == [
        ("fine.py", "BK903"),
        ("odd.py", "BK002"),
    ]


def test_deeply_nested_file_gives_bk002_and_the_run_goes_on(tmp_path: Path) -> None:
    deep = write(tmp_path, "deep.py", "x = " + "[" * 1000 + "]" * 1000 + "\n")
    fine = write(tmp_path, "fine.py", "target\n")
    result = check(tmp_path, [deep, fine], rule_set(ReportTarget, codes={"BK903", "BK002"}))
    assert [(os.path.basename(d.path), d.code) for d in result.diagnostics] == [
        ("deep.py", "BK002"),
        ("fine.py", "BK903"),
    ]
    assert result.errors == []


# -- requirements includes ----------------------------------------------------------------


def test_included_requirements_file_is_checked_too(tmp_path: Path) -> None:
    main = write(tmp_path, "requirements.txt", "-r other.txt\nflask\n")
    other = write(tmp_path, "other.txt", "redis\n")
    result = check(tmp_path, [main], rule_set(EveryRequirement))
    assert sorted(result.files) == sorted([main.path, other.path])
    assert result.files[other.path].kind is FileKind.REQUIREMENTS
    [include] = result.files[main.path].manifest.includes  # type: ignore[union-attr]
    assert (include.resolved, include.exists) == (other.path, True)
    assert [(os.path.basename(d.path), d.message) for d in result.diagnostics] == [
        ("other.txt", "redis"),
        ("requirements.txt", "flask"),
    ]


def test_include_of_a_missing_file_is_marked_as_missing(tmp_path: Path) -> None:
    main = write(tmp_path, "requirements.txt", "flask\n-r missing.txt\n")
    result = check(tmp_path, [main], RuleSet.select(["BK108"], []))
    [include] = result.files[main.path].manifest.includes  # type: ignore[union-attr]
    assert include.target == "missing.txt"
    assert include.exists is False
    assert sorted(result.files) == [main.path]
    assert [(d.code, d.message, d.start.row) for d in result.diagnostics] == [
        ("BK108", "`-r` file not found: `missing.txt`", 2)
    ]


def test_includes_that_form_a_cycle_are_read_once(tmp_path: Path) -> None:
    first = write(tmp_path, "a.txt", "-r b.txt\nflask\n")
    second = write(tmp_path, "b.txt", "-r a.txt\nredis\n")
    result = check(tmp_path, [first], rule_set(EveryRequirement))
    assert sorted(result.files) == sorted([first.path, second.path])
    assert [d.message for d in result.diagnostics] == ["flask", "redis"]


def test_nested_includes_are_followed(tmp_path: Path) -> None:
    main = write(tmp_path, "requirements.txt", "-r reqs/base.txt\n")
    base = write(tmp_path, "reqs/base.txt", "-c ../constraints.txt\nflask\n")
    constraints = write(tmp_path, "constraints.txt", "flask<4\n")
    result = check(tmp_path, [main], rule_set(EveryRequirement))
    assert sorted(result.files) == sorted([main.path, base.path, constraints.path])


def test_imports_under_the_main_guard_are_marked(tmp_path: Path) -> None:
    source = (
        "import os\n"
        'if __name__ == "__main__":\n'
        "    import sys\n"
        '    if "__main__" == __name__:\n'
        "        from app import cli\n"
        'if __name__ != "__main__":\n'
        "    import json\n"
    )
    facts = {f.module: f.main_guard for f in imports_of(tmp_path, source)}
    assert facts == {"os": False, "sys": True, "app": True, "json": False}
