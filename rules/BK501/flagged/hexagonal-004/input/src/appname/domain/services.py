from typing import Protocol

from appname.domain.errors import AlreadyRegistered
from appname.domain.models import Email, User
from appname.infrastructure.config import load_settings


class UserStore(Protocol):
    def find(self, email: Email) -> User | None: ...

    def add(self, email: Email) -> User: ...


class SignupService:
    def __init__(self, users: UserStore) -> None:
        self.users = users

    def register(self, email: Email) -> User:
        if self.users.find(email) is not None:
            raise AlreadyRegistered(email.value)
        return self.users.add(email)
