"""Allow ``python -m backlint``."""

from backlint.cli import entry

raise SystemExit(entry())
