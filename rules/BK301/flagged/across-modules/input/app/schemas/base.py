import pydantic as pd


class Schema(pd.BaseModel):
    class Config:
        orm_mode = True


class AppSettings(pd.BaseSettings):
    debug: bool = False
