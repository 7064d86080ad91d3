"""Three modules deep: Staff -> people.Person -> base.Timestamped -> base.AppModel."""

from pydantic import Field

from .base import Page
from .people import Person


class Staff(Person):
    role: str = Field(..., alias="Role", regex=r"^(admin|editor)")
    teams: list[str] = Field(default_factory=list, min_items=1, max_items=3)

    class Config:
        allow_population_by_field_name = True
        title = "Staff member"


class StaffPage(Page[Staff]):
    pass
