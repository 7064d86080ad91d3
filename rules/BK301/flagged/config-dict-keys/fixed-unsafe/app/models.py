from pydantic import BaseModel, ConfigDict


class Item(BaseModel):
    model_config = ConfigDict(from_attributes=True, validate_default=True, getter_dict=dict)

    name: str
