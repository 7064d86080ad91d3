from pydantic import BaseModel, Field, constr
from typing import Literal


class Slug(BaseModel):
    slug: str = Field(..., pattern="^(?:[a-z-]+)")
    version: str = Field(..., pattern="^v[0-9]+$")
    kind: Literal["slug"] = Field("slug")
    word: constr(pattern="(?i)^(?:[a-z]+)") = "a"
    lookahead: str = Field("a", regex="^(?!admin)[a-z]+")
