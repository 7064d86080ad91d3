"""Which distribution provides an import: the bundled table and the running environment.

``import_names.json`` is curated by hand: each entry names an import whose distribution on
PyPI is spelled differently (``yaml`` is PyYAML, ``PIL`` is Pillow), with the place where the
project documents it. Only mismatches belong there; an import named like its distribution
(``httpx``) needs no entry. Distributions are written in PEP 503 normal form.

To add an entry: confirm the name pair in the project's own installation docs, check that the
distribution exists on PyPI, and add it under ``imports`` with that ``source``. Imports inside
a namespace package are keyed by their dotted name (``google.cloud.storage``) and their root
must be listed under ``namespaces``; the test suite checks both.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources

from packaging.utils import canonicalize_name


@dataclass(frozen=True, slots=True)
class ImportNameTable:
    """The bundled knowledge of ``import_names.json``.

    * ``distributions``: import name (dotted inside namespace packages) -> the distributions
      that install it, the one to suggest first;
    * ``namespaces``: a namespace package -> how many dotted parts name one distribution
      (``google.cloud`` -> 3: ``google.cloud.storage`` is google-cloud-storage);
    * ``provided_by``: a distribution -> the declared distributions whose documented
      interface includes it (starlette through fastapi);
    * ``stdlib_other_versions``: standard-library modules of some supported Python release
      other than the running one.
    """

    taken: str
    distributions: Mapping[str, tuple[str, ...]]
    namespaces: Mapping[str, int]
    provided_by: Mapping[str, tuple[str, ...]]
    stdlib_other_versions: frozenset[str]


@cache
def import_name_table() -> ImportNameTable:
    raw = json.loads(resources.files(__package__).joinpath("import_names.json").read_text("utf-8"))
    return ImportNameTable(
        taken=raw["taken"],
        distributions={
            name: tuple(entry["distributions"]) for name, entry in raw["imports"].items()
        },
        namespaces={name: int(entry["depth"]) for name, entry in raw["namespaces"].items()},
        provided_by={name: tuple(entry["parents"]) for name, entry in raw["provided_by"].items()},
        stdlib_other_versions=frozenset(raw["stdlib_other_versions"]["names"]),
    )


@cache
def stdlib_modules() -> frozenset[str]:
    """Top-level modules of the standard library in any supported Python release.

    ``__main__`` is not listed by ``sys.stdlib_module_names`` but is always importable.
    """
    return (
        frozenset(sys.stdlib_module_names)
        | import_name_table().stdlib_other_versions
        | {"__main__"}
    )


@cache
def installed_import_names() -> Mapping[str, tuple[str, ...]]:
    """Top-level import name -> distributions, as installed in the running environment.

    Read once per process from ``importlib.metadata``. It only ever adds candidates: an
    environment that has the project's dependencies installed knows mappings the bundled
    table lacks, and one that has none changes nothing.
    """
    try:
        found = metadata.packages_distributions()
    except Exception:  # a broken installed distribution must not break a run
        return {}
    return {
        name: tuple(dict.fromkeys(canonicalize_name(d) for d in distributions))
        for name, distributions in found.items()
        if name.isidentifier()
    }
