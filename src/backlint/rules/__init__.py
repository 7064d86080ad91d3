"""Rule families. Each family module exposes ``RULES`` (and optionally ``OPTIONS``)."""

from backlint.rules import dependencies, meta

FAMILIES = (meta, dependencies)
