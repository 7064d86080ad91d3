"""Allow ``python -m backlint``."""

from backlint.cli import main

raise SystemExit(main())
