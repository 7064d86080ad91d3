from typing import List

from pydantic import BaseModel, Field, conlist


class Product(BaseModel):
    sku: str = Field(..., regex=r"^[A-Z]{3}-\d{3}")
    tags: List[str] = Field(default_factory=list, min_items=1, max_items=5)
    price: float = Field(..., gt=0, example=9.99)
    code: str = Field("x", allow_mutation=False)
    notes: List[str] = Field([], unique_items=False, const=False)
    sizes: conlist(int, min_items=1) = [1]

    class Config:
        validate_assignment = True
