"""Project-structure rules (BK6xx): what a service's repository holds besides its code.

They read facts only: the manifests, the imports and symbols of every file, and what
``collect.py`` records (settings classes, dotenv loads, mapped tables, ``create_all``).
"""

from backlint.rules.structure.collect import StructureCollector
from backlint.rules.structure.env_files import EnvFileCommitted
from backlint.rules.structure.manifest import MissingManifest
from backlint.rules.structure.migrations import MissingMigrations

RULES = (MissingManifest, EnvFileCommitted, MissingMigrations)
COLLECTORS = (StructureCollector,)
