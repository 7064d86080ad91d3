"""Rule families. Each family module exposes ``RULES`` (and optionally ``OPTIONS``)."""

from backlint.rules import dependencies, meta, pydantic, sqlalchemy

FAMILIES = (meta, dependencies, sqlalchemy, pydantic)
