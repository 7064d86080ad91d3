import os  # noqa: BK101
import sys  # noqa: F401, BK108 keep sys for the plugin loader

print(os.sep, sys.argv)
