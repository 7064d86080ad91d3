from myapp.core.exceptions import AppError
from myapp.models.user import User, UserCreate
from myapp.repositories.user import UserRepository


class UserExists(AppError):
    pass


class UserService:
    def __init__(self, users: UserRepository) -> None:
        self.users = users

    async def register(self, data: UserCreate) -> User:
        if await self.users.by_email(data.email) is not None:
            raise UserExists(data.email)
        return User.model_validate(await self.users.add(data))
