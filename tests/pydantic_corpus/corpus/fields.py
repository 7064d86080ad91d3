"""`Field()` arguments whose v2 form is certain."""

from pydantic import BaseModel, Field, conlist, constr


class Product(BaseModel):
    sku: str = Field(..., regex=r"^[A-Z]{3}-\d{3}")
    tags: list[str] = Field(default_factory=list, min_items=1, max_items=3)
    price: float = Field(..., gt=0, example=9.99, unit="EUR")
    code: str = Field("x", allow_mutation=False)
    notes: list[str] = Field([], unique_items=False, const=False, allow_mutation=True)
    digits: constr(regex=r"^\d+") = "0"  # type: ignore[valid-type]
    sizes: conlist(int, min_items=1) = [1]  # type: ignore[valid-type]

    class Config:
        validate_assignment = True
