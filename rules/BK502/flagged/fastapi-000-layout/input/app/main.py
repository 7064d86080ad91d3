from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api.v1.router import api_router
from app.core.config import settings
from app.core.database import Base, engine

app = FastAPI(title=settings.project_name)
app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins)
app.include_router(api_router, prefix="/api/v1")


@app.on_event("startup")
def create_tables() -> None:
    import app.models  # noqa: F401  (registers the tables)

    Base.metadata.create_all(bind=engine)
