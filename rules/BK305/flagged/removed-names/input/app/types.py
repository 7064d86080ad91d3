from pydantic import ConstrainedStr, NoneStr
from pydantic.json import pydantic_encoder


class Code(ConstrainedStr):
    max_length = 8


def dump(value: NoneStr) -> object:
    return pydantic_encoder(value)
