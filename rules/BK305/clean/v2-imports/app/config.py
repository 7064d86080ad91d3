from pydantic import BaseModel, ValidationError
from pydantic.alias_generators import to_camel
from pydantic_settings import BaseSettings
from pydantic.v1 import BaseSettings as V1Settings
from pydantic.v1.generics import GenericModel


class Settings(BaseSettings):
    debug: bool = False


class Old(V1Settings):
    pass


def check(model: BaseModel) -> bool:
    return isinstance(model, GenericModel) and bool(to_camel) and ValidationError is not None
