from typing import List

from pydantic import BaseModel, Field, conlist, constr


class Basket(BaseModel):
    items: List[int] = Field([], unique_items=True)
    totals: List[int] = Field([], include={0})
    kind: str = Field(default_kind(), const=True)
    code: constr(curtail_length=5) = ""
    ids: conlist(int, unique_items=True) = []
