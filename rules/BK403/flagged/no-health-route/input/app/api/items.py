from fastapi import APIRouter

router = APIRouter(prefix="/items")


@router.get("/")
def list_items() -> list[str]:
    return []


@router.post("/health")
def record_item_health() -> None:
    return None
