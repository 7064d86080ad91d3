"""JUnit XML, for CI test-report panels (GitLab's ``artifacts:reports:junit`` and others).

One ``<testsuite name="backlint">``; each diagnostic is a failed ``<testcase>`` whose
``classname`` is the file and whose name is the code and position. Without diagnostics the
suite holds one passing test case, so that the report is not empty.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from backlint.diagnostics import Diagnostic
from backlint.reporters.common import shown_path

# Characters XML 1.0 cannot hold, even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def render_junit(diagnostics: Sequence[Diagnostic], cwd: str) -> str:
    count = str(len(diagnostics))
    suites = ET.Element("testsuites", name="backlint", tests=count, failures=count, errors="0")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="backlint",
        tests=count if diagnostics else "1",
        failures=count,
        errors="0",
        skipped="0",
    )
    for d in diagnostics:
        path = shown_path(d.path, cwd)
        case = ET.SubElement(
            suite,
            "testcase",
            name=f"{d.code} at {d.start.row}:{d.start.column}",
            classname=_clean(path),
            file=_clean(path),
            line=str(d.start.row),
        )
        failure = ET.SubElement(
            case, "failure", message=_clean(f"{d.code} {d.message}"), type=d.code
        )
        text = f"{path}:{d.start.row}:{d.start.column}: {d.code} {d.message}"
        help_text = d.fix.message if d.fix is not None else d.help
        if help_text:
            text += f"\nhelp: {help_text}"
        failure.text = _clean(text)
    if not diagnostics:
        ET.SubElement(suite, "testcase", name="No errors found", classname="backlint")
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
