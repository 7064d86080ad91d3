from pydantic import BaseModel, Extra


class UserResponse(BaseModel):
    id: int
    email: str

    class Config:
        orm_mode = True
        allow_population_by_field_name = True
        extra = Extra.forbid


class Tag(BaseModel):
    name: str

    class Config:
        # Tags are compared case-insensitively.
        anystr_lower = True  # "Python" is "python"
        anystr_strip_whitespace = True
        allow_mutation = False
        validate_all = True
        schema_extra = {"example": {"name": "python"}}
        smart_union = True
