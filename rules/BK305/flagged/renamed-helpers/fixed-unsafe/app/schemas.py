from pydantic import BaseModel, validate_call, ConfigDict
from pydantic.alias_generators import to_pascal


class Item(BaseModel):
    item_id: int

    model_config = ConfigDict(alias_generator=to_pascal)


@validate_call
def double(x: int) -> int:
    return 2 * x
