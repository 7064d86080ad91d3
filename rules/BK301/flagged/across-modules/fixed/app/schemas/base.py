import pydantic as pd
from pydantic import ConfigDict
from pydantic_settings import BaseSettings


class Schema(pd.BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AppSettings(BaseSettings):
    debug: bool = False
