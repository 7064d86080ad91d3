"""Rule families. Each family module exposes ``RULES`` (and optionally ``OPTIONS``)."""

from backlint.rules import dependencies, layers, meta, pydantic, sqlalchemy, structure, wiring

FAMILIES = (meta, dependencies, sqlalchemy, pydantic, layers, wiring, structure)
