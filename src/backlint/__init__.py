"""backlint: a linter and fixer for Python backends."""

__version__ = "0.1.0"
