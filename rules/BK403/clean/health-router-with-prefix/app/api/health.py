from fastapi import APIRouter

router = APIRouter(prefix="/healthz")


@router.get("")
def probe() -> dict[str, str]:
    return {"status": "ok"}
