from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware


def test_preflight() -> None:
    app = FastAPI()
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
