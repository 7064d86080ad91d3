from typing import List

from pydantic import BaseModel, Field


class Product(BaseModel):
    sku: str = Field(..., pattern=r"^[A-Z]{3}", examples=["ABC"], json_schema_extra={"x": 1})
    tags: List[str] = Field(default_factory=list, min_length=1, max_length=5)
    code: str = Field("x", frozen=True, exclude=True)
