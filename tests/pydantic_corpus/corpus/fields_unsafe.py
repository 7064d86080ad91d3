"""`Field()` arguments whose v2 form changes behaviour at the edges (and one that does not:
`allow_mutation=False` with `validate_assignment` inherited from `AppModel`)."""

from pydantic import Field

from corpus.base import AppModel


class Slug(AppModel):
    slug: str = Field(..., regex="[a-z-]+")
    kind: str = Field("slug", const=True)
    pinned: bool = Field(False, allow_mutation=False)
