from fastapi import APIRouter, HTTPException, status

from app.api.deps import SessionDep
from app.schemas.user import UserCreate, UserResponse
from app.services import user_service

router = APIRouter()


@router.post("/", response_model=UserResponse, status_code=status.HTTP_201_CREATED)
def create_user(data: UserCreate, db: SessionDep):
    try:
        return user_service.create_user(db, data)
    except user_service.EmailTaken:
        raise HTTPException(status_code=409, detail="Email already registered")
