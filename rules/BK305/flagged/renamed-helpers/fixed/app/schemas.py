from pydantic import BaseModel, validate_arguments, ConfigDict
from pydantic.utils import to_camel


class Item(BaseModel):
    item_id: int

    model_config = ConfigDict(alias_generator=to_camel)


@validate_arguments
def double(x: int) -> int:
    return 2 * x
