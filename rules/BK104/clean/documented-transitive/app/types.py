from typing import Annotated

from annotated_types import Gt
from pydantic_core import core_schema
from starlette.requests import Request
from starlette.status import HTTP_200_OK
from typing_extensions import TypedDict

PositiveInt = Annotated[int, Gt(0)]


class Payload(TypedDict):
    value: PositiveInt


_ = (core_schema, Request, HTTP_200_OK)
