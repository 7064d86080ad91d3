"""Pydantic rules (BK3xx): v1 idioms in v2 projects, rewritten the way pydantic v2 means them.

Model detection and scope tracking live in ``detect.py``, the v1 -> v2 tables in
``tables.py``, the edits fixes are made of in ``editing.py``; one module per rule.
"""

from backlint.rules.pydantic.class_config import ClassConfig
from backlint.rules.pydantic.field_arguments import V1FieldArgument
from backlint.rules.pydantic.methods import V1ModelMethod
from backlint.rules.pydantic.moved_imports import MovedImport
from backlint.rules.pydantic.options import PydanticOptions
from backlint.rules.pydantic.root_validators import V1RootValidator
from backlint.rules.pydantic.validators import V1Validator

RULES = (ClassConfig, V1Validator, V1RootValidator, V1ModelMethod, MovedImport, V1FieldArgument)
OPTIONS = {"pydantic": PydanticOptions}
