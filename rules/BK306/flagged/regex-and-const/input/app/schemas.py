from pydantic import BaseModel, Field, constr


class Slug(BaseModel):
    slug: str = Field(..., regex="[a-z-]+")
    version: str = Field(..., regex="^v[0-9]+$")
    kind: str = Field("slug", const=True)
    word: constr(regex="(?i)[a-z]+") = "a"
    lookahead: str = Field("a", regex="^(?!admin)[a-z]+")
