import os  # noqa: F401
import sys  # noqa
TEXT = "# noqa: BK101 inside a string is not a directive"
