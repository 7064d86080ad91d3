"""Layering rules (BK5xx): the project's import graph against its layers.

The graph comes from the import facts (``graph.py``); the layers are inferred from package
names or configured under ``[tool.backlint.layers]`` (``layering.py``, ``options.py``);
``analysis.py`` finds upward imports, banned imports and cycles once per project for the
three rules; ``report.py`` describes the layering for ``backlint layers``.
"""

from backlint.rules.layers.cycles import ImportCycle
from backlint.rules.layers.framework import FrameworkInDomain
from backlint.rules.layers.options import LayersOptions
from backlint.rules.layers.upward import UpwardImport

RULES = (UpwardImport, FrameworkInDomain, ImportCycle)
OPTIONS = {"layers": LayersOptions}
