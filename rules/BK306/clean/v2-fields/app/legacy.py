from pydantic.v1 import BaseModel, Field


class Product(BaseModel):
    sku: str = Field(..., regex="^[A-Z]", example="ABC")
