from fastapi import APIRouter, FastAPI

api = APIRouter()


@api.get("/status/live")
def live() -> str:
    return "ok"


app = FastAPI()
app.include_router(api, prefix="/api/v1")
