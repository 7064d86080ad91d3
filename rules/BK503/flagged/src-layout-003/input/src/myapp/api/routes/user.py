from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

from myapp.api.deps import get_user_service
from myapp.models.user import User, UserCreate
from myapp.services.user import UserExists, UserService

router = APIRouter()


@router.post("/")
async def create_user(
    data: UserCreate, service: Annotated[UserService, Depends(get_user_service)]
) -> User:
    try:
        return await service.register(data)
    except UserExists:
        raise HTTPException(status_code=409)
