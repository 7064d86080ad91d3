from decimal import Decimal
from typing import Optional

from pydantic import BaseModel, ConfigDict


class ItemCreate(BaseModel):
    title: str
    description: Optional[str] = None
    price: Decimal


class ItemResponse(ItemCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int
    owner_id: int
