"""What changed between pydantic v1 and v2, as data the pydantic rules read.

Taken from pydantic 2.14's migration guide and source (``pydantic/_internal/_config.py``
``V2_RENAMED_KEYS`` / ``V2_REMOVED_KEYS``, ``pydantic/_migration.py`` ``MOVED_IN_V2`` /
``DEPRECATED_MOVED_IN_V2`` / ``REMOVED_IN_V2``, ``pydantic/main.py``, ``pydantic/fields.py``),
and from pydantic 1.10's ``BaseConfig`` and ``Field``, on 2026-11-24.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

# Kinds of names, resolved across modules by the engine (see ``KNOWN_KINDS``).
MODEL = "pydantic:model"
SETTINGS = "pydantic:settings"
# A module-level variable annotated with a model class (an instance, not the class).
INSTANCE = "pydantic:instance"


def defines(name: str) -> str:
    """The kind of a class that defines (or inherits from a project class) ``name``."""
    return f"pydantic:defines:{name}"


_MODEL = frozenset({MODEL})
_SETTINGS = frozenset({MODEL, SETTINGS})

# Pydantic's own model bases. ``pydantic.v1.*`` is deliberately absent: code that imports the
# v1 API through ``pydantic.v1`` has chosen it and is left alone.
KNOWN_KINDS: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "pydantic.BaseModel": _MODEL,
        "pydantic.main.BaseModel": _MODEL,
        "pydantic.RootModel": _MODEL,
        "pydantic.root_model.RootModel": _MODEL,
        "pydantic.generics.GenericModel": _MODEL,
        "pydantic.BaseSettings": _SETTINGS,
        "pydantic.env_settings.BaseSettings": _SETTINGS,
        "pydantic_settings.BaseSettings": _SETTINGS,
        "pydantic_settings.main.BaseSettings": _SETTINGS,
    }
)

# --- Config keys (BK301) -----------------------------------------------------------------

# v1 name -> v2 name (``V2_RENAMED_KEYS``; ``allow_population_by_field_name`` is handled
# apart, since its v2 name depends on the oldest pydantic the project supports).
CONFIG_RENAMED: MappingProxyType[str, str] = MappingProxyType(
    {
        "anystr_lower": "str_to_lower",
        "anystr_upper": "str_to_upper",
        "anystr_strip_whitespace": "str_strip_whitespace",
        "min_anystr_length": "str_min_length",
        "max_anystr_length": "str_max_length",
        "keep_untouched": "ignored_types",
        "orm_mode": "from_attributes",
        "schema_extra": "json_schema_extra",
        "validate_all": "validate_default",
    }
)

# v1 keys that applied to ``bytes`` as well as ``str``; their v2 names apply to ``str`` only.
ANYSTR_KEYS = frozenset(
    {
        "anystr_lower",
        "anystr_upper",
        "anystr_strip_whitespace",
        "min_anystr_length",
        "max_anystr_length",
    }
)

# Keys whose name and meaning are the same in both versions, and keys that only v2 knows
# (``class Config`` still works in v2 with a warning, so mixed code uses them).
CONFIG_KEYS_V2 = frozenset(
    {
        "title",
        "model_title_generator",
        "field_title_generator",
        "str_to_lower",
        "str_to_upper",
        "str_strip_whitespace",
        "str_min_length",
        "str_max_length",
        "extra",
        "frozen",
        "populate_by_name",
        "use_enum_values",
        "validate_assignment",
        "arbitrary_types_allowed",
        "from_attributes",
        "loc_by_alias",
        "alias_generator",
        "ignored_types",
        "allow_inf_nan",
        "json_schema_extra",
        "json_encoders",
        "strict",
        "revalidate_instances",
        "ser_json_timedelta",
        "ser_json_temporal",
        "val_temporal_unit",
        "ser_json_bytes",
        "val_json_bytes",
        "ser_json_inf_nan",
        "validate_default",
        "validate_return",
        "protected_namespaces",
        "hide_input_in_errors",
        "defer_build",
        "plugin_settings",
        "schema_generator",
        "json_schema_serialization_defaults_required",
        "json_schema_mode_override",
        "coerce_numbers_to_str",
        "regex_engine",
        "validation_error_cause",
        "use_attribute_docstrings",
        "cache_strings",
        "validate_by_alias",
        "validate_by_name",
        "serialize_by_alias",
        "url_preserve_empty_path",
    }
)

# Keys of ``SettingsConfigDict`` beyond ``ConfigDict`` (v1's six first, then v2's).
SETTINGS_KEYS = frozenset(
    {
        "case_sensitive",
        "env_prefix",
        "env_file",
        "env_file_encoding",
        "env_nested_delimiter",
        "secrets_dir",
        "nested_model_default_partial_update",
        "env_prefix_target",
        "dotenv_filtering",
        "env_ignore_empty",
        "env_nested_max_split",
        "env_parse_none_str",
        "env_parse_enums",
        "cli_prog_name",
        "cli_parse_args",
        "cli_parse_none_str",
        "cli_hide_none_type",
        "cli_avoid_json",
        "cli_enforce_required",
        "cli_use_class_docs_for_groups",
        "cli_show_env_vars",
        "cli_exit_on_error",
        "cli_prefix",
        "cli_flag_prefix_char",
        "cli_implicit_flags",
        "cli_ignore_unknown_args",
        "cli_kebab_case",
        "cli_shortcuts",
        "secrets_dir_missing",
        "secrets_dir_max_size",
        "secrets_case_sensitive",
        "secrets_prefix",
        "secrets_nested_delimiter",
        "secrets_nested_subdir",
        "json_file",
        "json_file_encoding",
        "yaml_file",
        "yaml_file_encoding",
        "yaml_config_section",
        "env_file_depth",
        "pyproject_toml_depth",
        "pyproject_toml_table_header",
        "toml_file",
        "toml_table_header",
        "enable_decoding",
    }
)

# Removed keys (``V2_REMOVED_KEYS``): what to do instead. A key whose value keeps v1's meaning
# without it is dropped by the fix (see ``DROPPABLE``); the others stop the fix.
CONFIG_REMOVED: MappingProxyType[str, str] = MappingProxyType(
    {
        "error_msg_templates": (
            "custom messages come from the validators: raise `PydanticCustomError` (from "
            "`pydantic_core`) with the message, or post-process `ValidationError.errors()`"
        ),
        "fields": (
            "move each field's settings into the field itself: `name: T = Field(alias=...)` "
            "(or `Annotated[T, Field(...)]`)"
        ),
        "getter_dict": (
            "set `from_attributes=True` and map the object in a "
            '`@model_validator(mode="before")` instead'
        ),
        "json_loads": (
            "parse with your JSON library and call `model_validate(...)`, or use "
            "`model_validate_json(...)`"
        ),
        "json_dumps": (
            'serialise `model_dump(mode="json")` with your JSON library, or use '
            "`model_dump_json(...)`"
        ),
        "copy_on_model_validation": (
            "v2 never copies a model instance passed as a field value; to validate it again "
            'set `revalidate_instances="always"`'
        ),
        "post_init_call": "v2 calls `__post_init__` / `model_post_init` after validation",
        "smart_union": (
            "v2 unions are smart by default; to keep v1's left-to-right order set "
            '`Field(union_mode="left_to_right")` on each union field'
        ),
        "underscore_attrs_are_private": (
            "v2 always treats `_name` attributes as private attributes: rename a field that "
            "starts with an underscore and give it an alias"
        ),
        "allow_mutation": "use `frozen=True` (its inverse)",
    }
)

# Removed keys with the value that v2 always behaves as: the key is dropped.
DROPPABLE: MappingProxyType[str, tuple[object, ...]] = MappingProxyType(
    {
        "smart_union": (True,),
        "underscore_attrs_are_private": (True,),
        "copy_on_model_validation": ("none", False),
    }
)

# What a method of a v1 ``class Config`` becomes.
CONFIG_METHODS: MappingProxyType[str, str] = MappingProxyType(
    {
        "schema_extra": "define it as a function and pass it as `json_schema_extra=`",
        "customise_sources": (
            "override the `settings_customise_sources` classmethod on the settings class"
        ),
        "parse_env_var": "write a custom settings source (pydantic-settings)",
        "prepare_field": "v2 has no equivalent: set the field's options with `Field(...)`",
        "get_field_info": "v2 has no equivalent: set the field's options with `Field(...)`",
    }
)

CONFIG_DICTS = frozenset(
    {
        "pydantic.ConfigDict",
        "pydantic.config.ConfigDict",
        "pydantic_settings.SettingsConfigDict",
        "pydantic_settings.main.SettingsConfigDict",
    }
)
JSON_ENCODERS = (
    "`json_encoders` is deprecated in pydantic v2: serialise those types with "
    "`@field_serializer`, or annotate the fields `Annotated[T, PlainSerializer(...)]`"
)

EXTRA_VALUES = frozenset({"allow", "ignore", "forbid"})
EXTRA_ENUMS = frozenset({"pydantic.Extra", "pydantic.config.Extra"})
BASE_CONFIGS = frozenset({"pydantic.BaseConfig", "pydantic.config.BaseConfig"})

# --- Validators (BK302, BK303) -------------------------------------------------------------

VALIDATORS = frozenset(
    {
        "pydantic.validator",
        "pydantic.class_validators.validator",
        "pydantic.deprecated.class_validators.validator",
    }
)
ROOT_VALIDATORS = frozenset(
    {
        "pydantic.root_validator",
        "pydantic.class_validators.root_validator",
        "pydantic.deprecated.class_validators.root_validator",
    }
)
MODEL_VALIDATORS = frozenset(
    {"pydantic.model_validator", "pydantic.functional_validators.model_validator"}
)
# The extra parameters a v1 validator may declare, by name.
VALIDATOR_EXTRAS = frozenset({"values", "config", "field"})

# --- Model methods (BK304) -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Method:
    """A v1 model method or attribute and its v2 replacement.

    ``keywords`` are the keyword arguments the replacement takes unchanged (``None``: any);
    ``renamed`` keyword arguments with their v2 names; ``instance`` says it is read on
    instances (``self.__fields_set__``); ``attribute`` that it is not called.
    """

    v2: str
    keywords: frozenset[str] | None = None
    renamed: tuple[tuple[str, str], ...] = ()
    positional: int = 0
    attribute: bool = False


_DUMP_KEYWORDS = frozenset(
    {"include", "exclude", "by_alias", "exclude_unset", "exclude_defaults", "exclude_none"}
)

METHODS: MappingProxyType[str, Method] = MappingProxyType(
    {
        "dict": Method("model_dump", _DUMP_KEYWORDS, (("skip_defaults", "exclude_unset"),)),
        "json": Method(
            "model_dump_json",
            _DUMP_KEYWORDS | {"indent"},
            (("skip_defaults", "exclude_unset"),),
        ),
        "copy": Method("model_copy", frozenset({"update", "deep"})),
        "parse_obj": Method("model_validate", frozenset({"obj"}), positional=1),
        "validate": Method("model_validate", frozenset(), positional=1),
        "parse_raw": Method("model_validate_json", frozenset(), positional=1),
        "from_orm": Method("model_validate", frozenset({"obj"}), positional=1),
        "construct": Method("model_construct", None, positional=0),
        "schema": Method("model_json_schema", frozenset({"by_alias", "ref_template"})),
        "schema_json": Method("model_json_schema"),
        "update_forward_refs": Method("model_rebuild", frozenset()),
        "parse_file": Method("model_validate_json"),
        "__fields__": Method("model_fields", attribute=True),
        "__fields_set__": Method("model_fields_set", attribute=True),
    }
)
# Methods read on the class; the others on an instance.
CLASS_METHODS = frozenset(
    {
        "parse_obj",
        "validate",
        "parse_raw",
        "from_orm",
        "construct",
        "schema",
        "schema_json",
        "update_forward_refs",
        "parse_file",
    }
)
PARSE_OBJ_AS = frozenset({"pydantic.parse_obj_as", "pydantic.tools.parse_obj_as"})

# --- Imports (BK305) -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Moved:
    """Where a v1 name lives in v2 (``module``, ``name``), and whether moving it is safe.

    ``why`` says what may behave differently when it is not.
    """

    module: str
    name: str
    safe: bool = True
    why: str = ""


_SETTINGS_MOVE = Moved("pydantic_settings", "BaseSettings")
_COLOR = Moved("pydantic_extra_types.color", "Color")

MOVED: MappingProxyType[str, Moved] = MappingProxyType(
    {
        "pydantic.BaseSettings": _SETTINGS_MOVE,
        "pydantic.env_settings.BaseSettings": _SETTINGS_MOVE,
        "pydantic.settings.BaseSettings": _SETTINGS_MOVE,
        "pydantic.error_wrappers.ValidationError": Moved("pydantic", "ValidationError"),
        "pydantic.utils.version_info": Moved("pydantic.version", "version_info"),
        "pydantic.generics.GenericModel": Moved("pydantic", "BaseModel"),
        "pydantic.Color": _COLOR,
        "pydantic.color.Color": _COLOR,
        "pydantic.PaymentCardNumber": Moved("pydantic_extra_types.payment", "PaymentCardNumber"),
        "pydantic.types.PaymentCardNumber": Moved(
            "pydantic_extra_types.payment", "PaymentCardNumber"
        ),
        "pydantic.payment.PaymentCardNumber": Moved(
            "pydantic_extra_types.payment", "PaymentCardNumber"
        ),
        "pydantic.types.PaymentCardBrand": Moved(
            "pydantic_extra_types.payment", "PaymentCardBrand"
        ),
        "pydantic.payment.PaymentCardBrand": Moved(
            "pydantic_extra_types.payment", "PaymentCardBrand"
        ),
        "pydantic.utils.to_camel": Moved(
            "pydantic.alias_generators",
            "to_pascal",
            safe=False,
            why="`to_pascal` differs from v1's `to_camel` on leading or doubled underscores",
        ),
        "pydantic.utils.to_lower_camel": Moved(
            "pydantic.alias_generators",
            "to_camel",
            safe=False,
            why=(
                "v2's `to_camel` keeps names that are already camel case and differs on "
                "leading or doubled underscores"
            ),
        ),
        "pydantic.PyObject": Moved(
            "pydantic",
            "ImportString",
            safe=False,
            why="`ImportString` also accepts objects that are not strings, unvalidated",
        ),
        "pydantic.types.PyObject": Moved(
            "pydantic",
            "ImportString",
            safe=False,
            why="`ImportString` also accepts objects that are not strings, unvalidated",
        ),
        "pydantic.validate_arguments": Moved(
            "pydantic",
            "validate_call",
            safe=False,
            why=(
                "the decorated function loses v1's `validate`, `raw_function` and `model` "
                "attributes, and arguments are validated by v2's rules"
            ),
        ),
        "pydantic.decorator.validate_arguments": Moved(
            "pydantic",
            "validate_call",
            safe=False,
            why=(
                "the decorated function loses v1's `validate`, `raw_function` and `model` "
                "attributes, and arguments are validated by v2's rules"
            ),
        ),
    }
)

# Names v2 removed, or keeps only in ``pydantic.deprecated``: what to use instead.
_CONSTRAINED = "use `Annotated[T, Field(...)]` (or `constr`/`conint`/... with v2 arguments)"
_DEPRECATED_JSON = 'use `pydantic_core.to_jsonable_python` or `model_dump(mode="json")`'
REPLACED: MappingProxyType[str, str] = MappingProxyType(
    {
        **{
            f"{module}.Constrained{kind}": _CONSTRAINED
            for module in ("pydantic", "pydantic.types")
            for kind in (
                "Bytes",
                "Date",
                "Decimal",
                "Float",
                "FrozenSet",
                "Int",
                "List",
                "Set",
                "Str",
            )
        },
        **{
            f"{module}.{name}": advice
            for module in ("pydantic", "pydantic.types")
            for name, advice in (
                ("NoneStr", "use `Optional[str]`"),
                ("NoneBytes", "use `Optional[bytes]`"),
                ("StrBytes", "use `Union[str, bytes]`"),
                ("NoneStrBytes", "use `Optional[Union[str, bytes]]`"),
                ("JsonWrapper", "use `Json[T]`"),
            )
        },
        "pydantic.Required": "use `...` as the default, or no default at all",
        "pydantic.parse_file_as": ("read the file and use `TypeAdapter(T).validate_json(...)`"),
        "pydantic.tools.parse_file_as": (
            "read the file and use `TypeAdapter(T).validate_json(...)`"
        ),
        "pydantic.parse_raw_as": "use `TypeAdapter(T).validate_json(...)`",
        "pydantic.tools.parse_raw_as": "use `TypeAdapter(T).validate_json(...)`",
        "pydantic.stricturl": "use `Annotated[AnyUrl, UrlConstraints(...)]`",
        "pydantic.networks.stricturl": "use `Annotated[AnyUrl, UrlConstraints(...)]`",
        "pydantic.validate_model": "use `Model.model_validate(...)`",
        "pydantic.main.validate_model": "use `Model.model_validate(...)`",
        "pydantic.create_model_from_namedtuple": (
            "use `TypeAdapter` on the NamedTuple, or `create_model`"
        ),
        "pydantic.create_model_from_typeddict": (
            "use `TypeAdapter` on the TypedDict, or `create_model`"
        ),
        "pydantic.compiled": "v2 has no such flag: pydantic-core is always compiled",
        "pydantic.tools.schema_of": "use `TypeAdapter(T).json_schema()`",
        "pydantic.schema_of": "use `TypeAdapter(T).json_schema()`",
        "pydantic.tools.schema_json_of": ("use `json.dumps(TypeAdapter(T).json_schema())`"),
        "pydantic.schema_json_of": "use `json.dumps(TypeAdapter(T).json_schema())`",
        "pydantic.json.pydantic_encoder": _DEPRECATED_JSON,
        "pydantic.json.custom_pydantic_encoder": _DEPRECATED_JSON,
        "pydantic.json.ENCODERS_BY_TYPE": _DEPRECATED_JSON,
        "pydantic.json.timedelta_isoformat": (
            'set `ser_json_timedelta="iso8601"` in `model_config`'
        ),
        "pydantic.utils.GetterDict": (
            'use `from_attributes=True` and a `@model_validator(mode="before")`'
        ),
        "pydantic.datetime_parse.parse_date": "use `TypeAdapter(date).validate_python(...)`",
        "pydantic.datetime_parse.parse_datetime": (
            "use `TypeAdapter(datetime).validate_python(...)`"
        ),
        "pydantic.datetime_parse.parse_time": "use `TypeAdapter(time).validate_python(...)`",
        "pydantic.datetime_parse.parse_duration": (
            "use `TypeAdapter(timedelta).validate_python(...)`"
        ),
        "pydantic.error_wrappers.ErrorWrapper": "raise `PydanticCustomError` (pydantic_core)",
        "pydantic.env_settings.SettingsSourceCallable": (
            "implement `settings_customise_sources` with pydantic-settings' source classes"
        ),
    }
)

# Of ``REPLACED``, the names v2 still has under ``pydantic.deprecated`` (they warn when used).
DEPRECATED_NAMES = frozenset(
    {
        "pydantic.tools.schema_of",
        "pydantic.schema_of",
        "pydantic.tools.schema_json_of",
        "pydantic.schema_json_of",
        "pydantic.json.pydantic_encoder",
        "pydantic.json.custom_pydantic_encoder",
        "pydantic.json.ENCODERS_BY_TYPE",
        "pydantic.json.timedelta_isoformat",
    }
)

# --- Field arguments (BK306) ---------------------------------------------------------------

FIELDS = frozenset({"pydantic.Field", "pydantic.fields.Field"})
# The constrained-type functions whose v1 arguments were renamed.
CONSTRAINED_CALLS: MappingProxyType[str, str] = MappingProxyType(
    {
        f"{module}.{name}": name
        for module in ("pydantic", "pydantic.types")
        for name in ("constr", "conlist", "conset", "confrozenset")
    }
)

# Parameters of v2's ``Field`` (any other keyword is a v1 "extra").
FIELD_PARAMETERS_V2 = frozenset(
    {
        "default",
        "default_factory",
        "alias",
        "alias_priority",
        "validation_alias",
        "serialization_alias",
        "title",
        "field_title_generator",
        "description",
        "examples",
        "exclude",
        "exclude_if",
        "discriminator",
        "deprecated",
        "json_schema_extra",
        "frozen",
        "validate_default",
        "repr",
        "init",
        "init_var",
        "kw_only",
        "pattern",
        "strict",
        "coerce_numbers_to_str",
        "gt",
        "ge",
        "lt",
        "le",
        "multiple_of",
        "allow_inf_nan",
        "max_digits",
        "decimal_places",
        "min_length",
        "max_length",
        "union_mode",
        "fail_fast",
    }
)
# Parameters of v1's ``Field`` that v2 renamed, removed or repurposed.
FIELD_PARAMETERS_V1 = frozenset(
    {
        "regex",
        "min_items",
        "max_items",
        "unique_items",
        "allow_mutation",
        "const",
        "include",
        "env",
    }
)
ITEM_LENGTHS: MappingProxyType[str, str] = MappingProxyType(
    {"min_items": "min_length", "max_items": "max_length"}
)

# Regular-expression syntax that Python's ``re`` accepts and the Rust ``regex`` crate (v2's
# default engine) rejects: look-arounds, back-references, atomic groups, conditionals, \Z.
RUST_UNSUPPORTED_REGEX = (
    "(?=",
    "(?!",
    "(?<=",
    "(?<!",
    "(?P=",
    "(?>",
    "(?(",
    "\\Z",
    *(f"\\{digit}" for digit in "123456789"),
)
