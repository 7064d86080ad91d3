"""What has no mechanical v2 form: each is reported with what to do instead."""

from typing import Any

from pydantic import BaseModel, Field, root_validator, validator


class SharedConfig:
    orm_mode = True


class Renamed(BaseModel):
    name: str

    class Config:
        fields = {"name": {"alias": "Name"}}  # noqa: RUF012
        error_msg_templates = {"value_error.missing": "required"}  # noqa: RUF012
        copy_on_model_validation = "deep"
        smart_union = False


class Custom(BaseModel):
    a: int

    class Config:
        @staticmethod
        def schema_extra(schema: dict[str, Any], model: Any) -> None:
            schema["x-custom"] = True


class Shared(BaseModel):
    a: int

    class Config(SharedConfig):
        pass


class Checks(BaseModel):
    items: list[int] = []
    flag: bool = False
    total: int = 0
    pattern: str = Field("a", regex=r"^(?!x)\w+")
    unique: list[int] = Field([], unique_items=True)

    @validator("items", each_item=True)
    def positive(cls, v):
        if v < 0:
            raise ValueError("negative")
        return v

    @validator("flag", always=True)
    def default_checked(cls, v):
        return v

    @validator("total")
    def strict(cls, v, config):
        return v if config.validate_assignment else -v

    @root_validator(skip_on_failure=True)
    def computed(cls, values):
        values["total"] = sum(values["items"])
        return values


def snapshot(checks: Checks) -> dict[str, Any]:
    return checks.copy(include={"items"}).dict()


def load(path: str) -> Checks:
    return Checks.parse_file(path)
