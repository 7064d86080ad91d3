"""Data files bundled with backlint, each generated or curated with its sources and date.

* ``pypi_index.bin``: every PyPI project name with its download rank and last release month
  (``package_index.py``; built by ``scripts/build_package_index.py``).
* ``import_names.json``: import names whose distribution is named differently.
* ``abandoned.json``: abandoned packages and their successors, each with its sources.
"""
