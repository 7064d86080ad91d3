from pydantic import BaseModel


class Shared:
    orm_mode = True


class Account(BaseModel):
    name: str

    class Config:
        fields = {"name": {"alias": "accountName"}}
        getter_dict = dict
        orm_mode = True


class Profile(BaseModel):
    bio: str

    class Config:
        @staticmethod
        def schema_extra(schema, model):
            schema["x-profile"] = True


class Owner(BaseModel):
    id: int

    class Config(Shared):
        pass


class Cached(BaseModel):
    model_config = {"frozen": True}

    class Config:
        orm_mode = True
