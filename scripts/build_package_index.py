"""Build ``src/backlint/data/pypi_index.bin``, the bundled index of every PyPI project name.

The source is a PyPI name list: a TSV with a header and the columns name, version, month of
the last release (``YYYY-MM``, may be empty), rank among the 15,000 most downloaded projects
(empty when not ranked) and summary. The index keeps, for every project, its PEP 503 name,
its last-release month and its download rank where it has one.

File layout (all integers big-endian, all text ASCII):

* the magic line ``backlint-package-index 1\\n``;
* a 4-byte header length, then the header: compact JSON with sorted keys holding ``taken``
  (the date the list was taken), ``source``, ``names`` and ``ranked`` (counts),
  ``shard_prefix`` (how many leading characters of a name pick its shard), ``shards``
  (prefix -> ``[offset, compressed size, name count]``) and ``popular``
  (``[offset, compressed size, name count]``); offsets count from the end of the header;
* one zlib stream per shard: the shard's names in sorted order, one record per line, each
  record the name followed by two characters encoding its last-release month
  (``v = (year - 2000) * 12 + month``, ``0`` when unknown, written as ``chr(48 + v // 64)``
  and ``chr(48 + v % 64)``); sorted fixed-suffix records let the loader binary-search a
  shard's bytes without splitting it into a list;
* one zlib stream of the ranked names in rank order, one per line, followed by their ranks as
  unsigned 16-bit big-endian integers.

The output depends only on the input and ``--taken``: the same list always gives the same
bytes.

Usage: python scripts/build_package_index.py PATH/TO/pypi.tsv --taken YYYY-MM-DD
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import re
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "src" / "backlint" / "data" / "pypi_index.bin"
MAGIC = b"backlint-package-index 1\n"
COLUMNS = ["name", "version", "month", "rank_among_15000_most_downloaded"]
# Two leading characters make about 1,200 shards of 87 names at the median (`py` is the
# largest, 54,000): looking up the requirements of a project decompresses a few kilobytes,
# for 3% more bytes on disk than one shard per first character.
SHARD_PREFIX = 2
SOURCE = "PyPI project name list with last-release months and download ranks (top 15,000)"
# A PEP 503 name that is also a valid project name: anything else in the list is noise that
# no requirement could name.
_VALID = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def normalise(name: str) -> str:
    """The PEP 503 form of a project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True, slots=True)
class Project:
    """One project of the list, as the index stores it."""

    name: str
    month: str
    rank: int


def month_code(month: str) -> str:
    """The two characters that stand for a ``YYYY-MM`` month (``"00"`` when unknown)."""
    match = _MONTH.match(month)
    value = 0
    if match:
        year, number = int(match[1]), int(match[2])
        if 2000 <= year < 2000 + 4096 // 12 and 1 <= number <= 12:
            value = (year - 2000) * 12 + number
    return chr(48 + value // 64) + chr(48 + value % 64)


def read_projects(source: Path) -> tuple[list[Project], int]:
    """Every valid project of the TSV, one per normalised name, and how many rows were skipped.

    A name listed twice under different spellings keeps its best rank and latest month.
    """
    projects: dict[str, Project] = {}
    skipped = 0
    csv.field_size_limit(sys.maxsize)
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        if header[:4] != COLUMNS:
            raise SystemExit(f"{source}: unexpected columns {header[:4]}, expected {COLUMNS}")
        for row in reader:
            name = normalise(row[0]) if row else ""
            if len(row) < 4 or not _VALID.match(name):
                skipped += 1
                continue
            month = row[2] if _MONTH.match(row[2]) else ""
            rank = int(row[3]) if row[3].isdigit() and 0 < int(row[3]) < 2**16 else 0
            seen = projects.get(name)
            if seen is not None:
                ranks = [r for r in (seen.rank, rank) if r]
                rank = min(ranks) if ranks else 0
                month = max(seen.month, month)
            projects[name] = Project(name, month, rank)
    return sorted(projects.values(), key=lambda p: p.name), skipped


def build(projects: list[Project], taken: str) -> bytes:
    """The index file's bytes for ``projects`` (sorted by name) taken on ``taken``."""
    shards: dict[str, list[Project]] = {}
    for project in projects:
        shards.setdefault(project.name[:SHARD_PREFIX], []).append(project)
    blobs: list[bytes] = []
    offset = 0
    shard_table: dict[str, list[int]] = {}
    for key in sorted(shards):
        records = "".join(f"{p.name}{month_code(p.month)}\n" for p in shards[key])
        blob = zlib.compress(records.encode("ascii"), 9)
        shard_table[key] = [offset, len(blob), len(shards[key])]
        blobs.append(blob)
        offset += len(blob)
    ranked = sorted((p for p in projects if p.rank), key=lambda p: (p.rank, p.name))
    popular_raw = "".join(f"{p.name}\n" for p in ranked).encode("ascii") + b"".join(
        struct.pack(">H", p.rank) for p in ranked
    )
    popular_blob = zlib.compress(popular_raw, 9)
    header = {
        "names": len(projects),
        "popular": [offset, len(popular_blob), len(ranked)],
        "ranked": len(ranked),
        "shard_prefix": SHARD_PREFIX,
        "shards": shard_table,
        "source": SOURCE,
        "taken": taken,
    }
    encoded = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii")
    return MAGIC + struct.pack(">I", len(encoded)) + encoded + b"".join(blobs) + popular_blob


def _date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def main(argv: list[str] | None = None) -> None:
    """Read the TSV named on the command line and write the index."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the PyPI name list (TSV)")
    parser.add_argument("--taken", type=_date, required=True, help="date the list was taken")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    projects, skipped = read_projects(args.source)
    data = build(projects, args.taken)
    args.output.write_bytes(data)
    ranked = sum(1 for p in projects if p.rank)
    print(
        f"wrote {args.output}: {len(projects)} names, {ranked} ranked, "
        f"{skipped} rows skipped, {len(data):,} bytes"
    )


if __name__ == "__main__":
    main()
