from fastapi import APIRouter

from myapp.api.routes import health, user

router = APIRouter()
router.include_router(health.router)
router.include_router(user.router, prefix="/users", tags=["users"])
