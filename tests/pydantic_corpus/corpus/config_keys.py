"""One model per `Config` key of the v1 -> v2 table."""

from enum import Enum

from pydantic import BaseModel, Extra


def shout(name: str) -> str:
    return name.upper()


class Marker:
    """A class attribute type pydantic must leave alone."""


class Colour(str, Enum):
    RED = "red"
    BLUE = "blue"


class Lower(BaseModel):
    code: str

    class Config:
        anystr_lower = True


class Upper(BaseModel):
    code: str

    class Config:
        anystr_upper = True


class Lengths(BaseModel):
    code: str

    class Config:
        min_anystr_length = 2
        max_anystr_length = 4


class Defaults(BaseModel):
    count: int = "5"  # type: ignore[assignment]

    class Config:
        validate_all = True


class ExtraAllow(BaseModel):
    a: int

    class Config:
        extra = "allow"


class ExtraIgnore(BaseModel):
    a: int

    class Config:
        extra = Extra.ignore


class ExtraForbid(BaseModel):
    a: int

    class Config:
        extra = Extra.forbid


class Immutable(BaseModel):
    a: int

    class Config:
        allow_mutation = False


class Frozen(BaseModel):
    a: int

    class Config:
        frozen = True


class Aliased(BaseModel):
    full_name: str

    class Config:
        alias_generator = shout
        allow_population_by_field_name = True


class Coloured(BaseModel):
    colour: Colour

    class Config:
        use_enum_values = True


class Assigned(BaseModel):
    a: int

    class Config:
        validate_assignment = True


class Opaque:
    def __init__(self, value: int) -> None:
        self.value = value


class Arbitrary(BaseModel):
    thing: Opaque

    class Config:
        arbitrary_types_allowed = True


class Titled(BaseModel):
    a: int

    class Config:
        title = "A titled model"
        schema_extra = {"examples": [{"a": 1}]}  # noqa: RUF012


class Untouched(BaseModel):
    a: int
    marker = Marker()

    class Config:
        keep_untouched = (Marker,)


class Finite(BaseModel):
    x: float

    class Config:
        allow_inf_nan = False


class Unions(BaseModel):
    value: int | str

    class Config:
        smart_union = True


class Private(BaseModel):
    a: int
    _cache: dict = {}

    class Config:
        underscore_attrs_are_private = True


class NoCopy(BaseModel):
    inner: Lower

    class Config:
        copy_on_model_validation = "none"


class Documented(BaseModel):
    a: int

    class Config:
        """How Documented validates."""

        # Keep unknown input out.
        extra = Extra.forbid  # forbid, not ignore
