from pydantic import BaseModel


class LoginExample(BaseModel):
    email: str = "user@example.com"
    password: str = "correct horse battery staple"
