from pydantic import BaseModel


class Pagination(BaseModel):
    offset: int = 0
    limit: int = 50
