from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

ORIGINS = ["*"]


def build() -> FastAPI:
    api = FastAPI()
    api.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True)
    return api
