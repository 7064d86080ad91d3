from pydantic import BaseModel, ConfigDict


class UserResponse(BaseModel):
    id: int
    email: str

    model_config = ConfigDict(
        from_attributes=True,
        populate_by_name=True,
        extra="forbid",
    )


class Tag(BaseModel):
    name: str

    model_config = ConfigDict(
        # Tags are compared case-insensitively.
        str_to_lower=True,  # "Python" is "python"
        str_strip_whitespace=True,
        frozen=True,
        validate_default=True,
        json_schema_extra={"example": {"name": "python"}},
    )
