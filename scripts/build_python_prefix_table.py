"""Build ``src/backlint/data/python_prefix.json`` from a PyPI name list.

The list is a TSV with a header and the columns name, version, month of last release, rank
among the 15,000 most downloaded projects (empty when not ranked), summary. The table keeps
what BK101 needs to tell a bogus ``python-X`` from a real one:

* ``ranked``: every ranked project name (PEP 503 normalised) with its rank;
* ``python_prefixed``: every existing ``python-*`` project with its rank (0 when unranked).

Usage: python scripts/build_python_prefix_table.py PATH/TO/pypi.tsv [--taken YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import re
import sys
from pathlib import Path

OUTPUT = (
    Path(__file__).resolve().parent.parent / "src" / "backlint" / "data" / "python_prefix.json"
)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def build(source: Path, taken: str | None) -> dict[str, object]:
    ranked: dict[str, int] = {}
    prefixed: dict[str, int] = {}
    newest_month = ""
    csv.field_size_limit(sys.maxsize)
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header[:4] != ["name", "version", "month", "rank_among_15000_most_downloaded"]:
            raise SystemExit(f"unexpected columns in {source}: {header[:4]}")
        for row in reader:
            if len(row) < 4 or not row[0]:
                continue
            name = normalise(row[0])
            rank = int(row[3]) if row[3].isdigit() else 0
            newest_month = max(newest_month, row[2])
            if rank:
                ranked[name] = min(rank, ranked.get(name, rank))
            if name.startswith("python-"):
                prefixed[name] = rank
    return {
        "source": "PyPI project name list with download ranks (top 15,000)",
        "taken": taken or newest_month,
        "generated": datetime.date.today().isoformat(),
        "ranked": dict(sorted(ranked.items())),
        "python_prefixed": dict(sorted(prefixed.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--taken", help="the date the list was taken (default: newest month)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    table = build(args.source, args.taken)
    args.output.write_text(json.dumps(table, separators=(",", ":"), sort_keys=False) + "\n")
    print(
        f"wrote {args.output}: {len(table['ranked'])} ranked names, "  # type: ignore[arg-type]
        f"{len(table['python_prefixed'])} python-* names"  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()
