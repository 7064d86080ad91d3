from typing import List

from pydantic import BaseModel, Field, conlist, ConfigDict


class Product(BaseModel):
    sku: str = Field(..., pattern=r"^[A-Z]{3}-\d{3}")
    tags: List[str] = Field(default_factory=list, min_length=1, max_length=5)
    price: float = Field(..., gt=0, json_schema_extra={"example": 9.99})
    code: str = Field("x", frozen=True)
    notes: List[str] = Field([])
    sizes: conlist(int, min_length=1) = [1]

    model_config = ConfigDict(validate_assignment=True)
