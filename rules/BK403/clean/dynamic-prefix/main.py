from fastapi import APIRouter, FastAPI

from config import PROBE_PATH

probe = APIRouter()


@probe.get("/")
def root() -> str:
    return "ok"


app = FastAPI()
app.include_router(probe, prefix=PROBE_PATH)
