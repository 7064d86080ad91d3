from fastapi import APIRouter

from app.api.deps import SessionDep
from app.schemas.item import ItemCreate, ItemResponse
from app.services.item_service import create_item

router = APIRouter()


@router.post("/", response_model=ItemResponse)
def add_item(data: ItemCreate, db: SessionDep):
    return create_item(db, owner_id=1, data=data)
