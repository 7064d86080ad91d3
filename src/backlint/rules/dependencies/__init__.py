"""Dependency rules (BK1xx): what requirements files and pyproject.toml declare.

One module per rule; options live in ``options.py`` under ``[tool.backlint.requirements]``.
"""

from backlint.rules.dependencies.invalid import InvalidRequirement
from backlint.rules.dependencies.options import RequirementsOptions
from backlint.rules.dependencies.prefix import BogusPythonPrefix

RULES = (BogusPythonPrefix, InvalidRequirement)
OPTIONS = {"requirements": RequirementsOptions}
