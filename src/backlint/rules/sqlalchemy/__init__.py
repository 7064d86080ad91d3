"""SQLAlchemy 2.0 rules (BK2xx): declarative classes typed with `Mapped`, no 1.x APIs.

One module per rule; mapped-class detection in ``model.py`` (with ``names.py`` and
``kinds.py``), the SQL type -> Python type table in ``types.py``, how fixes write names and
imports in ``spelling.py``, what receivers are (engines, sessions) in ``receivers.py``, the
facts BK203 reads across the project in ``relationship_facts.py``;
options in ``options.py`` under ``[tool.backlint.sqlalchemy]``.
"""

from backlint.rules.sqlalchemy.backref import Backref
from backlint.rules.sqlalchemy.declarative_base import DeclarativeBaseCall
from backlint.rules.sqlalchemy.legacy_import import LegacyImport
from backlint.rules.sqlalchemy.legacy_query import LegacyQueryApi
from backlint.rules.sqlalchemy.options import SqlalchemyOptions
from backlint.rules.sqlalchemy.relationship_facts import RelationshipCollector
from backlint.rules.sqlalchemy.removed_api import RemovedApi
from backlint.rules.sqlalchemy.untyped_column import UntypedColumn
from backlint.rules.sqlalchemy.untyped_relationship import UntypedRelationship

RULES = (
    DeclarativeBaseCall,
    UntypedColumn,
    UntypedRelationship,
    LegacyQueryApi,
    LegacyImport,
    Backref,
    RemovedApi,
)
OPTIONS = {"sqlalchemy": SqlalchemyOptions}
COLLECTORS = (RelationshipCollector,)
