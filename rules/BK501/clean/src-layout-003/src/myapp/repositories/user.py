from sqlalchemy import select

from myapp.db.models import UserModel
from myapp.models.user import UserCreate

from .base import Repository


class UserRepository(Repository):
    async def by_email(self, email: str) -> UserModel | None:
        return await self.session.scalar(select(UserModel).where(UserModel.email == email))

    async def add(self, data: UserCreate) -> UserModel:
        user = UserModel(email=data.email, name=data.name)
        self.session.add(user)
        await self.session.commit()
        return user
