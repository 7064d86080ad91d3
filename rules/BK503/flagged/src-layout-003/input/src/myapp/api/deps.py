from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession

from myapp.db.session import async_session
from myapp.repositories.user import UserRepository
from myapp.services.user import UserService


async def get_user_service() -> AsyncIterator[UserService]:
    async with async_session() as session:
        yield UserService(UserRepository(session))
