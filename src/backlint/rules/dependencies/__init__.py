"""Dependency rules (BK1xx): what requirements files and pyproject.toml declare.

One module per rule; options live in ``options.py`` under ``[tool.backlint.requirements]``.
"""

from backlint.rules.dependencies.abandoned import AbandonedPackage
from backlint.rules.dependencies.audit import audit as audit
from backlint.rules.dependencies.duplicates import DuplicateRequirement
from backlint.rules.dependencies.invalid import InvalidRequirement
from backlint.rules.dependencies.names import TyposquatSuspect, UnknownPackage
from backlint.rules.dependencies.options import RequirementsOptions
from backlint.rules.dependencies.pins import UnpinnedDependency
from backlint.rules.dependencies.prefix import BogusPythonPrefix
from backlint.rules.dependencies.undeclared import UndeclaredDependency

RULES = (
    BogusPythonPrefix,
    UnknownPackage,
    TyposquatSuspect,
    UndeclaredDependency,
    UnpinnedDependency,
    DuplicateRequirement,
    AbandonedPackage,
    InvalidRequirement,
)
OPTIONS = {"requirements": RequirementsOptions}
