"""The CI formats: SARIF 2.1.0, GitHub workflow commands, GitLab Code Quality and JUnit XML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backlint.diagnostics import Diagnostic, Edit, Fix, Position, Severity
from backlint.registry import rules_by_code
from backlint.reporters import FORMATS
from backlint.reporters.common import fingerprints
from backlint.reporters.github import annotation, render_github
from backlint.reporters.gitlab import render_gitlab
from backlint.reporters.junit import render_junit
from backlint.reporters.sarif import render_sarif

from .conftest import CliResult

Cli = Callable[..., CliResult]
Project = Callable[[dict[str, str | bytes]], Path]

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json"

PYPROJECT = '[project]\nname = "shop"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
REQUIREMENTS = "# runtime\nfastapi>=0.110\npython-redis>=5\npasslib>=1.7\n"
MAIN = '"""The app."""\n\nimport fastapi\nimport httpx\n\napp = fastapi.FastAPI()\n'

REDIS = "`python-redis` is not the package you want: the real distribution is `redis`"
HTTPX = (
    "`httpx` is imported but `httpx` is not declared in any manifest (checked `requirements.txt`)"
)


@pytest.fixture(autouse=True)
def _no_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI_PROJECT_DIR", raising=False)


def shop(project: Project) -> Path:
    """BK104 (error, unsafe fix in another file), BK101 (safe fix), BK107 (warning)."""
    return project(
        {"pyproject.toml": PYPROJECT, "requirements.txt": REQUIREMENTS, "app/main.py": MAIN}
    ).resolve()


def report(cli: Cli, root: Path, output_format: str, *args: str) -> CliResult:
    result = cli("check", "--output-format", output_format, *args, cwd=root)
    assert result.err == ""
    return result


def sarif(cli: Cli, root: Path, *args: str) -> dict[str, Any]:
    return json.loads(report(cli, root, "sarif", *args).out)


def results_by_code(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


def insert_lines_above(root: Path) -> None:
    """Unrelated lines above every finding, in both files."""
    text = (root / "requirements.txt").read_text()
    (root / "requirements.txt").write_text("# pinned by the platform team\n\n" + text)
    main = (root / "app/main.py").read_text()
    (root / "app/main.py").write_text("# a new header\n# over two lines\n\n" + main)


def test_every_ci_format_is_offered() -> None:
    assert {"sarif", "github", "gitlab", "junit"} <= set(FORMATS)


# SARIF ---------------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_2_1_0_schema(cli: Cli, project: Project) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SCHEMA} (it is kept beside the repo)")
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")
    log = sarif(cli, shop(project))

    validator = jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]

    assert errors == []
    assert len(log["runs"][0]["results"]) == 3


def test_sarif_schema_rejects_a_log_without_driver_name() -> None:
    # The validation above is only worth something if the schema catches mistakes.
    if not SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SCHEMA} (it is kept beside the repo)")
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")
    validator = jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]}

    assert list(validator.iter_errors(broken))


def test_sarif_driver_and_the_fields_github_requires(cli: Cli, project: Project) -> None:
    log = sarif(cli, shop(project))

    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "backlint"
    from backlint import __version__

    assert driver["version"] == __version__
    assert run["columnKind"] == "unicodeCodePoints"
    for result in run["results"]:
        assert result["message"]["text"]
        assert len(result["locations"]) == 1
        assert result["partialFingerprints"]["backlint/v1"]


def test_sarif_rules_are_the_codes_that_appear_with_their_documentation(
    cli: Cli, project: Project
) -> None:
    log = sarif(cli, shop(project))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]

    assert [r["id"] for r in rules] == ["BK101", "BK104", "BK107"]
    for descriptor in rules:
        rule = rules_by_code()[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"] == {"text": rule.summary}
        assert descriptor["fullDescription"]["text"]
        assert "## " not in descriptor["fullDescription"]["text"]
        assert descriptor["fullDescription"]["text"] in rule.documentation()
        assert descriptor["help"] == {
            "text": rule.documentation(),
            "markdown": rule.documentation(),
        }
        assert descriptor["defaultConfiguration"]["level"] == rule.severity.value
        assert descriptor["properties"]["tags"] == [rule.family]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results_have_level_message_relative_uri_and_region(
    cli: Cli, project: Project
) -> None:
    root = shop(project)
    log = sarif(cli, root)
    run = log["runs"][0]
    by_code = results_by_code(log)

    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": root.as_uri() + "/"}}
    redis = by_code["BK101"]
    assert redis["level"] == "error"
    assert redis["message"] == {"text": REDIS}
    assert redis["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "requirements.txt", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 13},
    }
    httpx = by_code["BK104"]
    assert httpx["message"] == {"text": HTTPX}
    assert httpx["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "app/main.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 7},
    }
    assert by_code["BK107"]["level"] == "warning"


def test_sarif_uri_is_relative_to_the_working_directory_and_percent_encoded(
    cli: Cli, project: Project
) -> None:
    root = project(
        {"svc/pyproject.toml": PYPROJECT, "svc/requirements dev.txt": "python-redis>=5\n"}
    ).resolve()

    log = sarif(cli, root, "svc/requirements dev.txt")

    [result] = log["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "svc/requirements%20dev.txt", "uriBaseId": "%SRCROOT%"}


def test_sarif_fixes_describe_the_edits(cli: Cli, project: Project) -> None:
    by_code = results_by_code(sarif(cli, shop(project)))

    assert by_code["BK101"]["fixes"] == [
        {
            "description": {"text": "Replace with `redis` (safe)"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "requirements.txt", "uriBaseId": "%SRCROOT%"},
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": 3,
                                "startColumn": 1,
                                "endLine": 3,
                                "endColumn": 13,
                            },
                            "insertedContent": {"text": "redis"},
                        }
                    ],
                }
            ],
        }
    ]
    # The fix of an import's diagnostic edits the manifest, another file.
    [change] = by_code["BK104"]["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "requirements.txt"
    assert change["replacements"][0]["insertedContent"] == {"text": "httpx\n"}
    assert "fixes" not in by_code["BK107"]


def test_sarif_of_a_clean_project_has_no_results_and_exits_zero(
    cli: Cli, project: Project
) -> None:
    root = project({"pyproject.toml": PYPROJECT, "requirements.txt": "fastapi>=0.110\n"})

    result = report(cli, root, "sarif")

    assert result.code == 0
    log = json.loads(result.out)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


# Fingerprints --------------------------------------------------------------------------------


def sarif_prints(cli: Cli, root: Path, *args: str) -> dict[str, str]:
    return {
        r["ruleId"]: r["partialFingerprints"]["backlint/v1"]
        for r in sarif(cli, root, *args)["runs"][0]["results"]
    }


def gitlab_prints(cli: Cli, root: Path) -> dict[str, str]:
    return {i["check_name"]: i["fingerprint"] for i in json.loads(report(cli, root, "gitlab").out)}


def test_fingerprints_are_identical_across_runs(cli: Cli, project: Project) -> None:
    root = shop(project)

    first = sarif_prints(cli, root)
    cached = sarif_prints(cli, root)
    uncached = sarif_prints(cli, root, "--no-cache")

    assert len(set(first.values())) == 3
    assert first == cached == uncached
    assert gitlab_prints(cli, root) == first


def test_fingerprints_survive_unrelated_lines_inserted_above(cli: Cli, project: Project) -> None:
    root = shop(project)
    before = sarif(cli, root)

    insert_lines_above(root)
    after = sarif(cli, root)

    def lines(log: dict[str, Any]) -> dict[str, int]:
        return {
            code: r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for code, r in results_by_code(log).items()
        }

    assert lines(before) == {"BK101": 3, "BK104": 4, "BK107": 4}
    assert lines(after) == {"BK101": 5, "BK104": 7, "BK107": 6}
    prints = {c: r["partialFingerprints"] for c, r in results_by_code(before).items()}
    assert {c: r["partialFingerprints"] for c, r in results_by_code(after).items()} == prints


def test_fingerprints_change_when_the_flagged_line_changes(cli: Cli, project: Project) -> None:
    root = shop(project)
    before = sarif_prints(cli, root)

    text = (root / "requirements.txt").read_text()
    (root / "requirements.txt").write_text(text.replace("python-redis>=5", "python-redis>=5.1"))

    after = sarif_prints(cli, root)
    assert after["BK101"] != before["BK101"]
    assert after["BK104"] == before["BK104"]


def test_identical_findings_get_distinct_fingerprints_kept_in_order(
    cli: Cli, project: Project
) -> None:
    bogus = "python-mock>=5\n"
    root = project({"requirements.txt": f"{bogus}\n# again\n{bogus}"}).resolve()

    def bk101(log: dict[str, Any]) -> list[str]:
        return [
            r["partialFingerprints"]["backlint/v1"]
            for r in log["runs"][0]["results"]
            if r["ruleId"] == "BK101"
        ]

    first = bk101(sarif(cli, root))
    (root / "requirements.txt").write_text(f"# top\n{bogus}\n\n# again\n{bogus}")
    second = bk101(sarif(cli, root))

    assert len(first) == 2
    assert len(set(first)) == 2
    assert second == first


def test_fingerprints_do_not_depend_on_the_order_given() -> None:
    one = Diagnostic("BK101", "n", "m", "/p/a.txt", Position(1, 1), Position(1, 5))
    two = Diagnostic("BK101", "n", "m", "/p/a.txt", Position(3, 1), Position(3, 5))
    lines = ["same", "", "same"]

    forward = fingerprints([one, two], "/p", lambda _path: lines)
    backward = fingerprints([two, one], "/p", lambda _path: lines)

    assert forward == backward[::-1]
    assert forward[0] != forward[1]


# GitHub --------------------------------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<kind>error|warning) (?P<properties>[^:]*)::(?P<message>.*)$")


def unescape(text: str) -> str:
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match is not None, line
    properties = dict(item.split("=", 1) for item in match["properties"].split(","))
    return (
        match["kind"],
        {k: unescape(v) for k, v in properties.items()},
        unescape(match["message"]),
    )


def test_github_annotations_field_by_field(cli: Cli, project: Project) -> None:
    root = shop(project)

    result = report(cli, root, "github")

    assert result.code == 1
    commands = [parse_command(line) for line in result.out.splitlines()]
    assert commands == [
        (
            "error",
            {
                "title": "backlint (BK104)",
                "file": "app/main.py",
                "line": "4",
                "col": "1",
                "endLine": "4",
                "endColumn": "7",
            },
            f"app/main.py:4:1: BK104 {HTTPX}\n  help: Add `httpx` to `requirements.txt`",
        ),
        (
            "error",
            {
                "title": "backlint (BK101)",
                "file": "requirements.txt",
                "line": "3",
                "col": "1",
                "endLine": "3",
                "endColumn": "13",
            },
            f"requirements.txt:3:1: BK101 {REDIS}\n  help: Replace with `redis`",
        ),
        (
            "warning",
            {
                "title": "backlint (BK107)",
                "file": "requirements.txt",
                "line": "4",
                "col": "1",
                "endLine": "4",
                "endColumn": "8",
            },
            commands[2][2],
        ),
    ]
    assert commands[2][2].startswith("requirements.txt:4:1: BK107 `passlib` is abandoned")


def test_github_escapes_message_data_and_property_values() -> None:
    diagnostic = Diagnostic(
        "BK101",
        "bogus-python-prefix",
        "100% wrong,\r\nreally: yes",
        "/repo/odd,name:1.txt",
        Position(2, 3),
        Position(2, 9),
    )

    line = annotation(diagnostic, "/repo")

    assert line == (
        "::error title=backlint (BK101),file=odd%2Cname%3A1.txt,line=2,col=3,endLine=2,"
        "endColumn=9::odd,name:1.txt:2:3: BK101 100%25 wrong,%0D%0Areally: yes"
    )
    assert "\n" not in line
    _, properties, message = parse_command(line)
    assert properties["file"] == "odd,name:1.txt"
    assert message == "odd,name:1.txt:2:3: BK101 100% wrong,\r\nreally: yes"


def test_github_leaves_out_columns_for_a_range_over_several_lines() -> None:
    diagnostic = Diagnostic(
        "BK106", "duplicate-requirement", "twice", "/r/a.txt", Position(2, 3), Position(4, 2)
    )

    _, properties, _ = parse_command(annotation(diagnostic, "/r"))

    assert properties == {
        "title": "backlint (BK106)",
        "file": "a.txt",
        "line": "2",
        "endLine": "4",
    }


def test_github_path_outside_the_working_directory_is_absolute() -> None:
    diagnostic = Diagnostic("BK101", "n", "m", "/elsewhere/a.txt", Position(1, 1), Position(1, 2))

    _, properties, _ = parse_command(render_github([diagnostic], "/repo").strip())

    assert properties["file"] == "/elsewhere/a.txt"


def test_github_of_a_clean_project_prints_nothing(cli: Cli, project: Project) -> None:
    root = project({"pyproject.toml": PYPROJECT, "requirements.txt": "fastapi>=0.110\n"})

    result = report(cli, root, "github")

    assert (result.code, result.out) == (0, "")


# GitLab --------------------------------------------------------------------------------------


def test_gitlab_code_quality_field_by_field(cli: Cli, project: Project) -> None:
    root = shop(project)
    prints = sarif_prints(cli, root)

    result = report(cli, root, "gitlab")

    assert result.code == 1
    assert not result.out.startswith("\ufeff")
    issues = json.loads(result.out)
    assert [set(issue) for issue in issues] == [
        {"type", "check_name", "description", "categories", "severity", "fingerprint", "location"}
    ] * 3

    def lines(begin: int) -> dict[str, int]:
        return {"begin": begin, "end": begin}

    assert [(i["check_name"], i["description"], i["severity"], i["location"]) for i in issues] == [
        ("BK104", f"BK104: {HTTPX}", "major", {"path": "app/main.py", "lines": lines(4)}),
        ("BK101", f"BK101: {REDIS}", "major", {"path": "requirements.txt", "lines": lines(3)}),
        (
            "BK107",
            issues[2]["description"],
            "minor",
            {"path": "requirements.txt", "lines": lines(4)},
        ),
    ]
    assert issues[2]["description"].startswith("BK107: `passlib` is abandoned")
    for issue in issues:
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        assert issue["fingerprint"] == prints[issue["check_name"]]


def test_gitlab_paths_are_relative_to_ci_project_dir(
    cli: Cli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(
        {"svc/pyproject.toml": PYPROJECT, "svc/requirements.txt": "python-redis>=5\n"}
    ).resolve()
    monkeypatch.setenv("CI_PROJECT_DIR", str(root))

    result = report(cli, root / "svc", "gitlab")

    [issue] = json.loads(result.out)
    assert issue["location"]["path"] == "svc/requirements.txt"


def test_gitlab_render_uses_the_given_environment() -> None:
    diagnostic = Diagnostic(
        "BK101",
        "n",
        "m",
        "/ci/proj/a/r.txt",
        Position(1, 1),
        Position(1, 2),
        severity=Severity.ERROR,
    )

    out = render_gitlab(
        [diagnostic], "/ci/proj/a", lambda _p: None, {"CI_PROJECT_DIR": "/ci/proj"}
    )

    assert json.loads(out)[0]["location"]["path"] == "a/r.txt"


def test_gitlab_of_a_clean_project_is_an_empty_array(cli: Cli, project: Project) -> None:
    root = project({"pyproject.toml": PYPROJECT, "requirements.txt": "fastapi>=0.110\n"})

    assert json.loads(report(cli, root, "gitlab").out) == []


# JUnit ---------------------------------------------------------------------------------------


def test_junit_has_one_suite_and_a_failed_case_per_diagnostic(cli: Cli, project: Project) -> None:
    root = shop(project)

    result = report(cli, root, "junit")

    assert result.code == 1
    suites = ET.fromstring(result.out)
    assert (suites.tag, suites.get("name"), suites.get("tests"), suites.get("failures")) == (
        "testsuites",
        "backlint",
        "3",
        "3",
    )
    [suite] = suites.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "3", "0")
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name"), c.get("line")) for c in cases] == [
        ("app/main.py", "BK104 at 4:1", "4"),
        ("requirements.txt", "BK101 at 3:1", "3"),
        ("requirements.txt", "BK107 at 4:1", "4"),
    ]
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.get("message") == f"BK101 {REDIS}"
    assert failure.get("type") == "BK101"
    assert failure.text == f"requirements.txt:3:1: BK101 {REDIS}\nhelp: Replace with `redis`"


def test_junit_of_a_clean_project_has_one_passing_case(cli: Cli, project: Project) -> None:
    root = project({"pyproject.toml": PYPROJECT, "requirements.txt": "fastapi>=0.110\n"})

    suites = ET.fromstring(report(cli, root, "junit").out)

    [suite] = suites.findall("testsuite")
    [case] = suite.findall("testcase")
    assert (suite.get("tests"), suite.get("failures"), case.find("failure")) == ("1", "0", None)


def test_junit_replaces_characters_xml_cannot_hold() -> None:
    diagnostic = Diagnostic(
        "BK002", "n", "bad \x00 byte & <tag>", "/r/a.py", Position(1, 1), Position(1, 2)
    )

    suites = ET.fromstring(render_junit([diagnostic], "/r"))

    failure = suites.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "BK002 bad \ufffd byte & <tag>"


# All formats ---------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["sarif", "github", "gitlab", "junit"])
def test_ci_formats_print_the_report_only_and_keep_the_exit_status(
    cli: Cli, project: Project, output_format: str
) -> None:
    root = shop(project)

    result = report(cli, root, output_format)
    zero = report(cli, root, output_format, "--exit-zero")

    assert result.code == 1
    assert zero.code == 0
    assert "Found" not in result.out
    if output_format in ("sarif", "gitlab"):
        json.loads(result.out)
    elif output_format == "junit":
        ET.fromstring(result.out)
    else:
        assert all(line.startswith("::") for line in result.out.splitlines())


def test_ci_formats_report_what_is_left_after_fix(cli: Cli, project: Project) -> None:
    root = shop(project)

    log = sarif(cli, root, "--fix")

    assert sorted(results_by_code(log)) == ["BK104", "BK107"]
    assert "redis>=5" in (root / "requirements.txt").read_text()


def test_sarif_fix_edit_in_another_file_names_that_file() -> None:
    edit = Edit(Position(2, 1), Position(2, 1), "httpx\n", path="/r/requirements.txt")
    diagnostic = Diagnostic(
        "BK104",
        "undeclared-dependency",
        "m",
        "/r/app.py",
        Position(1, 1),
        Position(1, 7),
        fix=Fix.unsafe("Add `httpx`", [edit]),
    )

    log = json.loads(render_sarif([diagnostic], "/r", lambda _p: ["import httpx"]))

    [result] = log["runs"][0]["results"]
    [change] = result["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "requirements.txt", "uriBaseId": "%SRCROOT%"}
    assert result["fixes"][0]["description"]["text"] == "Add `httpx` (unsafe)"
