from pydantic import BaseModel, ConfigDict


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.title() for word in rest)


class Base(BaseModel):
    model_config = ConfigDict(frozen=True)


class Event(Base):
    payload: bytes
    camel: bool = False

    class Config(Base.Config):
        allow_mutation = True
        alias_generator = camel
        anystr_strip_whitespace = True
