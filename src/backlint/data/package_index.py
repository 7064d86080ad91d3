"""The bundled index of every PyPI project name, with download ranks and last-release months.

Built by ``scripts/build_package_index.py`` (which documents the file layout). The file is
split into zlib-compressed shards, one per two-character start of a name; a shard is
decompressed the first time a name in it is looked up, so checking a handful of requirements
touches a handful of small shards. Lookups binary-search a shard's bytes directly: no list or set
of the shard's names is ever built, which keeps even a full load to decompression alone.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

MAGIC = b"backlint-package-index 1\n"
RESOURCE = "pypi_index.bin"

_SEPARATORS = re.compile(r"[-_.]+")


class PackageIndexError(ValueError):
    """The index file is not one this version of backlint can read."""


def normalise(name: str) -> str:
    """The PEP 503 form of a project name: runs of ``-_.`` become ``-``, lower case."""
    return _SEPARATORS.sub("-", name).lower()


def _month(code: bytes) -> str | None:
    value = (code[0] - 48) * 64 + (code[1] - 48)
    if value <= 0:
        return None
    year, month = divmod(value - 1, 12)
    return f"{2000 + year:04d}-{month + 1:02d}"


class PackageIndex:
    """Every PyPI project name as of ``taken``, with ranks and last-release months.

    Names given to the methods are normalised first, so ``Flask_SQLAlchemy`` and
    ``flask-sqlalchemy`` are the same project.
    """

    def __init__(self, data: bytes) -> None:
        if not data.startswith(MAGIC):
            raise PackageIndexError("not a backlint package index (bad magic line)")
        start = len(MAGIC) + 4
        try:
            (length,) = struct.unpack_from(">I", data, len(MAGIC))
            header: dict[str, Any] = json.loads(data[start : start + length])
            self.taken: str = header["taken"]
            self.source: str = header["source"]
            self.name_count: int = header["names"]
            self.ranked_count: int = header["ranked"]
            self._shard_prefix: int = header["shard_prefix"]
            self._shard_table: dict[str, list[int]] = header["shards"]
            self._popular_entry: list[int] = header["popular"]
        except (struct.error, ValueError, KeyError, TypeError) as error:
            raise PackageIndexError(f"unreadable package index header: {error}") from None
        self._data = memoryview(data)[start + length :]
        self._shards: dict[str, bytes] = {}
        self._ranked: list[str] | None = None
        self._ranks: dict[str, int] | None = None

    @classmethod
    def from_path(cls, path: str | Path) -> PackageIndex:
        """Read an index file."""
        return cls(Path(path).read_bytes())

    @property
    def loaded_shards(self) -> frozenset[str]:
        """The name starts (shard keys) whose shard has been decompressed so far."""
        return frozenset(self._shards)

    def exists(self, name: str) -> bool:
        """Whether ``name`` is a project on PyPI."""
        return self._record(normalise(name)) is not None

    def last_release(self, name: str) -> str | None:
        """The month (``YYYY-MM``) of the project's last release, if it exists and is known."""
        record = self._record(normalise(name))
        return None if record is None else _month(record[-2:])

    def rank(self, name: str) -> int | None:
        """The project's rank among the most downloaded ones (1 is the most), if ranked."""
        return self._rank_table().get(normalise(name))

    def popular(self, limit: int | None = None) -> list[str]:
        """Ranked project names, most downloaded first (the first ``limit`` of them)."""
        self._rank_table()
        assert self._ranked is not None
        return self._ranked[:limit]

    def names(self) -> Iterator[str]:
        """Every project name, in sorted order (decompresses every shard)."""
        for key in sorted(self._shard_table):
            for line in self._shard(key).splitlines():
                yield line[:-2].decode("ascii")

    def load_all(self) -> None:
        """Decompress every shard and the rank table now rather than on first use."""
        for key in self._shard_table:
            self._shard(key)
        self._rank_table()

    def __len__(self) -> int:
        return self.name_count

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.exists(name)

    def _blob(self, entry: list[int]) -> bytes:
        offset, size = entry[0], entry[1]
        return zlib.decompress(self._data[offset : offset + size])

    def _shard(self, key: str) -> bytes:
        shard = self._shards.get(key)
        if shard is None:
            entry = self._shard_table.get(key)
            shard = b"" if entry is None else self._blob(entry)
            self._shards[key] = shard
        return shard

    def _record(self, name: str) -> bytes | None:
        """The ``name + month`` record of a normalised name, by binary search on bytes."""
        key = name[: self._shard_prefix]
        if not name or key not in self._shard_table:
            return None
        shard = self._shard(key)
        wanted = name.encode("utf-8")
        low, high = 0, len(shard)
        # Invariant: ``low`` is the start of a record and ``high`` the end of one; the name,
        # if present, lies between them.
        while low < high:
            middle = (low + high) // 2
            start = shard.rfind(b"\n", low, middle) + 1 or low
            end = shard.index(b"\n", start)
            found = shard[start : end - 2]
            if found == wanted:
                return shard[start:end]
            if found < wanted:
                low = end + 1
            else:
                high = start
        return None

    def _rank_table(self) -> dict[str, int]:
        if self._ranks is None:
            raw = self._blob(self._popular_entry)
            count = self._popular_entry[2]
            text, packed = raw[: len(raw) - 2 * count], raw[len(raw) - 2 * count :]
            ranked = text.decode("ascii").splitlines()
            ranks = struct.unpack(f">{count}H", packed)
            if len(ranked) != count:
                raise PackageIndexError("package index rank table is damaged")
            self._ranked = ranked
            self._ranks = dict(zip(ranked, ranks, strict=True))
        return self._ranks


@cache
def package_index() -> PackageIndex:
    """The index bundled with backlint (read once, shards decompressed on demand)."""
    data = resources.files(__package__).joinpath(RESOURCE).read_bytes()
    return PackageIndex(data)
