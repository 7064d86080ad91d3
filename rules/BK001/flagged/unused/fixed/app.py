import os
import sys  # noqa: F401 keep sys for the plugin loader

print(os.sep, sys.argv)
