"""``backlint audit --format markdown``: GitHub-flavoured tables a Markdown parser reads as
tables, the same numbers as JSON, and a Mermaid graph whose edges are the import graph."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from markdown_it import MarkdownIt

from backlint.audit.model import GraphEdge, GraphNode, PackageGraph
from backlint.audit.render_markdown import mermaid
from backlint.audit.sentences import MAX_DRAWN_NODES, drawn

from .audit_cases import MESSY, Cli, Project, audit_json


def markdown(cli: Cli, root: Path, *args: str) -> str:
    result = cli("audit", "--no-cache", "--format", "markdown", *args, ".", cwd=root)
    assert result.code == 0, result.err
    return result.out


def tables(text: str) -> list[list[list[str]]]:
    """Every table a GFM parser finds: rows of cell texts, the header row first."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    found: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            found[-1].append(row)
            row = None
        elif token.type == "inline" and row is not None:
            row.append(token.content)
    return found


def pipe_tables(text: str) -> list[list[str]]:
    """The raw line blocks that look like pipe tables (outside code blocks)."""
    blocks: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def mermaid_blocks(text: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```$", text, flags=re.DOTALL | re.MULTILINE)


NODE = re.compile(r'^\s+(n\d+)\["([^"]*)"\]$')
EDGE = re.compile(r'^\s+(n\d+) (-->|==>)\|"([^"]*)"\| (n\d+)$')
LINK_STYLE = re.compile(r"^\s+linkStyle ([\d,]+) ")


def mermaid_graph(block: str) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(every edge, the offending edges) as (importing package, imported package)."""
    names: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    styled: set[int] = set()
    lines = block.splitlines()
    assert lines[0] == "flowchart TD"
    for line in lines[1:]:
        if match := NODE.match(line):
            names[match[1]] = match[2]
        elif match := EDGE.match(line):
            edges.append((match[1], match[4], match[2]))
        elif match := LINK_STYLE.match(line):
            styled.update(int(i) for i in match[1].split(","))
        else:
            assert line.strip() == "end" or line.strip().startswith("subgraph "), line
    thick = {i for i, (_, _, arrow) in enumerate(edges) if arrow == "==>"}
    assert thick == styled
    every = {(names[a], names[b]) for a, b, _ in edges}
    offending = {(names[a], names[b]) for i, (a, b, _) in enumerate(edges) if i in thick}
    return every, offending


def package(module: str) -> str:
    """The package the audit draws a module of ``app`` in: ``app.api`` for ``app.api.x``."""
    return ".".join(module.split(".")[:2])


def import_graph(files: dict[str, str | bytes]) -> set[tuple[str, str]]:
    """Package-to-package edges, read from the sources with ``ast`` (absolute imports)."""
    modules = {
        path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for path in files
        if path.endswith(".py")
    }
    edges: set[tuple[str, str]] = set()
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        source = package(path.removesuffix(".py").removesuffix("/__init__").replace("/", "."))
        for node in ast.walk(ast.parse(text)):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets = [node.module]
            for target in targets:
                if target in modules and package(target) != source:
                    edges.add((source, package(target)))
    return edges


def test_every_table_is_a_valid_gfm_table(cli: Cli, project: Project) -> None:
    text = markdown(cli, project(dict(MESSY)))

    raw = pipe_tables(text)
    parsed = tables(text)

    assert len(raw) == len(parsed) == 4  # two scorecards, rules violated, files
    for block, table in zip(raw, parsed, strict=True):
        width = len(table[0])
        assert re.fullmatch(r"\|(:?-{3,}:?\|)+", block[1])
        assert block[1].count("|") - 1 == width
        assert len(table) == len(block) - 1
        assert all(len(row) == width for row in table)


def test_markdown_tables_hold_the_json_numbers(cli: Cli, project: Project) -> None:
    root = project(dict(MESSY))
    text = markdown(cli, root)
    data = audit_json(cli, root, ".")

    seeds, families, violated, files = tables(text)

    columns = ("checked", "satisfied", "violated", "diagnostics", "safe_fixes", "unsafe_fixes")
    for table, scores in ((seeds, data["seeds"]), (families, data["families"])):
        assert table[0][2:] == [
            "Score",
            "Rules checked",
            "Satisfied",
            "Violated",
            "Diagnostics",
            "Safe fixes",
            "Unsafe fixes",
        ]
        for row, score in zip(table[1:-1], scores, strict=True):
            assert row[0] == (score["key"] or "—")
            assert row[2] == f"{score['percent']}%"
            assert [int(c) for c in row[3:]] == [score[c] for c in columns]
        total = [c.strip("*") for c in table[-1]]
        assert [int(c) for c in total[3:]] == [data["total"][c] for c in columns]
    shown = {row[0]: int(row[4]) for row in violated[1:]}
    assert shown == {r["code"]: r["diagnostics"] for r in data["rules"] if r["violated"]}
    assert [int(row[2]) for row in files[1:]] == [f["diagnostics"] for f in data["files"]]


def test_mermaid_edges_match_the_import_graph(cli: Cli, project: Project) -> None:
    root = project(dict(MESSY))

    (block,) = mermaid_blocks(markdown(cli, root))
    edges, _ = mermaid_graph(block)

    assert edges == import_graph(MESSY)
    assert edges == {
        ("app.main", "app.api"),
        ("app.api", "app.schemas"),
        ("app.api", "app.services"),
        ("app.services", "app.api"),
        ("app.services", "app.models"),
    }


def test_offending_edges_are_thick_and_red_and_only_those(cli: Cli, project: Project) -> None:
    root = project(dict(MESSY))

    text = markdown(cli, root)
    (block,) = mermaid_blocks(text)
    _, offending = mermaid_graph(block)

    # services imports the API (BK501), and that import closes a cycle (BK503).
    assert offending == {("app.services", "app.api"), ("app.api", "app.services")}
    assert '==>|"1 import, BK501"|' in block
    assert "stroke:#d1242f" in block


def test_edges_are_not_offending_when_their_rule_is_not_selected(
    cli: Cli, project: Project
) -> None:
    root = project(dict(MESSY))

    (block,) = mermaid_blocks(markdown(cli, root, "--ignore", "BK5"))
    edges, offending = mermaid_graph(block)

    assert edges == import_graph(MESSY)
    assert offending == set()


def test_relative_imports_and_deeper_modules_are_drawn_in_their_package(
    cli: Cli, project: Project
) -> None:
    root = project(
        {
            "app/__init__.py": "",
            "app/api/__init__.py": "",
            "app/api/v1/__init__.py": "",
            "app/api/v1/users.py": (
                "from ...services import accounts\nfrom ...models import user\n"
            ),
            "app/services/__init__.py": "",
            "app/services/accounts.py": "from ..models.user import User\n",
            "app/models/__init__.py": "",
            "app/models/user.py": "User = object\n",
        }
    )

    (block,) = mermaid_blocks(markdown(cli, root))
    edges, offending = mermaid_graph(block)

    assert edges == {
        ("app.api", "app.services"),
        ("app.api", "app.models"),
        ("app.services", "app.models"),
    }
    assert offending == set()


def test_a_graph_too_large_to_read_draws_only_its_offending_edges() -> None:
    nodes = tuple(
        GraphNode(f"n{i}", f"pkg.part{i}", "outside every layer", 9, 1)
        for i in range(MAX_DRAWN_NODES + 1)
    )
    edges = (
        GraphEdge("n0", "n1", 2),
        GraphEdge("n1", "n2", 1, ("BK501",)),
        GraphEdge("n3", "n4", 1),
    )

    shown, note = drawn(PackageGraph("inferred", nodes, edges))
    edges_drawn, offending = mermaid_graph("\n".join(mermaid(shown)))

    assert note is not None and "only the 1 offending edge is drawn" in note
    assert edges_drawn == offending == {("pkg.part1", "pkg.part2")}
    assert drawn(PackageGraph("inferred", nodes[:3], edges[:2])) == (
        PackageGraph("inferred", nodes[:3], edges[:2]),
        None,
    )
