from fastapi import FastAPI

from app.core.config import settings

app = FastAPI(title=settings.project_name)


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
