from fastapi import FastAPI

from app.api import health as probes

app = FastAPI()
app.include_router(probes.router)
