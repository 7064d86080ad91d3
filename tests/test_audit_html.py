"""``backlint audit --format html``: one self-contained page, opened in a real headless
browser (Debian's chromium): it loads with no console error and no network request, a
screenshot is taken, and the page shows the scorecard's numbers."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from .audit_cases import MESSY, Cli, Project, audit_json

BROWSER_TIMEOUT = 120


def html_report(cli: Cli, root: Path) -> Path:
    result = cli("audit", "--no-cache", "--format", "html", "-o", "report.html", ".", cwd=root)
    assert result.code == 0, result.err
    return root / "report.html"


class Page(HTMLParser):
    """What the assertions read: attributes naming resources, scripts, and table rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.resources: list[str] = []
        self.scripts = 0
        self.rows: dict[str, list[tuple[str | None, list[str]]]] = {}
        self.cards: dict[str, str] = {}
        self._table: str | None = None
        self._row: tuple[str | None, list[str]] | None = None
        self._cell: list[str] | None = None
        self._card: str | None = None
        self._in_number = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        for name in ("src", "href", "xlink:href", "action", "poster", "data"):
            if name in found:
                self.resources.append(found[name])
        if tag == "script":
            self.scripts += 1
        if tag == "table":
            self._table = found.get("id", "")
            self.rows.setdefault(self._table, [])
        elif tag == "tr" and self._table is not None:
            self._row = (found.get("data-key"), [])
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "div" and found.get("id", "").startswith("card-"):
            self._card = found["id"].removeprefix("card-")
        elif tag == "span" and self._card and "number" in found.get("class", ""):
            self._in_number = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row[1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self.rows[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "span" and self._in_number:
            self._in_number = False
            self._card = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._in_number and self._card:
            self.cards[self._card] = self.cards.get(self._card, "") + data


def parsed(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def assert_shows_the_scorecard(page: Page, data: dict[str, Any]) -> None:
    columns = ("checked", "satisfied", "violated", "diagnostics", "safe_fixes", "unsafe_fixes")
    for table in ("seeds", "families"):
        rows = {key: cells for key, cells in page.rows[table] if key is not None}
        for score in [*data[table], {**data["total"], "key": "*"}]:
            cells = rows[score["key"]]
            assert cells[2].endswith(f"{score['percent']}%")
            assert [int(c) for c in cells[3:]] == [score[c] for c in columns]
    total = data["total"]
    assert page.cards["score"] == f"{total['percent']}%"
    assert page.cards["satisfied"] == f"{total['satisfied']}/{total['checked']}"
    assert page.cards["diag"] == str(total["diagnostics"])
    assert page.cards["safe"] == str(total["safe_fixes"])
    assert page.cards["unsafe"] == str(total["unsafe_fixes"])


def test_html_is_one_self_contained_file(cli: Cli, project: Project) -> None:
    root = project(dict(MESSY))
    text = html_report(cli, root).read_text(encoding="utf-8")
    page = parsed(text)

    assert page.scripts == 0
    assert not [r for r in page.resources if re.match(r"\s*(https?:)?//", r, re.IGNORECASE)]
    assert not re.search(r"url\((?!#)|@import|<link|<iframe|<img", text, re.IGNORECASE)
    assert not re.search(r"https?://", text.replace("https://example.com", ""))
    assert text.count("<svg") == 1 and 'class="edge offending"' in text
    assert_shows_the_scorecard(page, audit_json(cli, root, "."))


def chromium() -> str:
    """Debian's chromium, installed with apt when absent and allowed; else the test skips."""
    found = shutil.which("chromium")
    if found:
        return found
    if getattr(os, "geteuid", lambda: -1)() != 0:
        pytest.skip("chromium is not installed, and installing it needs root (apt-get)")
    if shutil.which("apt-get") is None:
        pytest.skip("chromium is not installed, and apt-get is not available to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    output = []
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=900, check=False
            )
        except subprocess.TimeoutExpired:
            pytest.skip(f"chromium could not be installed: `{' '.join(command)}` timed out")
        output.append(done.stdout[-2000:] + done.stderr[-2000:])
        if done.returncode != 0:
            pytest.skip(
                f"chromium could not be installed: `{' '.join(command)}` failed:\n{output[-1]}"
            )
    found = shutil.which("chromium")
    if found is None:
        pytest.skip("chromium could not be installed: apt-get gave no `chromium` command")
    return found


def browse(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1200,1600",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT,
        check=False,
    )


def page_requests(net_log: Path) -> list[str]:
    """The URLs the page asked the network for, from the browser's NetLog.

    A request the page makes carries the page's origin as its initiator (``null`` for a
    file); the browser's own background requests have none (``not an origin``). Files are
    read without the network stack, so loading the report itself is not in the log.
    """
    text = net_log.read_text(encoding="utf-8", errors="replace").rstrip()
    if not text.endswith("}"):  # a log cut short on exit lacks its closing brackets
        text = text.rstrip(",") + "]}"
    log = json.loads(text)
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        event["params"]["url"]
        for event in log.get("events", [])
        if event.get("type") == start_job
        and event.get("params", {}).get("initiator", "not an origin") != "not an origin"
    ]


def test_html_report_in_a_headless_browser(
    cli: Cli, project: Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    browser = chromium()
    root = project(dict(MESSY))
    report = html_report(cli, root)
    data = audit_json(cli, root, ".")
    work = tmp_path_factory.mktemp("browser")
    shot, net_log = work / "shot.png", work / "net-log.json"
    url = report.resolve().as_uri()

    loaded = browse(
        browser,
        work / "profile-shot",
        "--enable-logging=stderr",
        "--v=1",
        f"--log-net-log={net_log}",
        "--net-log-capture-mode=Default",
        f"--screenshot={shot}",
        url,
    )
    dumped = browse(browser, work / "profile-dom", "--dump-dom", url)

    assert loaded.returncode == 0, loaded.stderr[-3000:]
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert shot.stat().st_size > 20_000  # a page was drawn, not a blank
    assert ":INFO:" in loaded.stderr  # the browser's log is on: console messages reach it
    console = [line for line in loaded.stderr.splitlines() if re.search(r":CONSOLE[(:\]]", line)]
    assert console == []
    assert page_requests(net_log) == []

    assert dumped.returncode == 0, dumped.stderr[-3000:]
    page = parsed(dumped.stdout)
    assert page.scripts == 0
    assert_shows_the_scorecard(page, data)
