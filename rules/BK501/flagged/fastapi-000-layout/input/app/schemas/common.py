from pydantic import BaseModel

from app.api.deps import SessionDep


class Page(BaseModel):
    total: int


def count(db: SessionDep) -> Page:
    return Page(total=0)
