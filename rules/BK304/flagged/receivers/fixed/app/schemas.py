from typing import List

from pydantic import BaseModel


class Item(BaseModel):
    name: str
    tags: List[str] = []

    def payload(self) -> dict:
        return self.model_dump(exclude_none=True)

    @classmethod
    def load(cls, data: dict) -> "Item":
        return cls.model_validate(data)
