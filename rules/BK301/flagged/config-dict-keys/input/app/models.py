from pydantic import BaseModel, ConfigDict


class Item(BaseModel):
    model_config = ConfigDict(orm_mode=True, validate_all=True, getter_dict=dict)

    name: str
