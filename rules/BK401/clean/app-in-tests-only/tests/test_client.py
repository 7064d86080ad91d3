from fastapi import FastAPI
from fastapi.testclient import TestClient


def test_root() -> None:
    app = FastAPI()
    assert TestClient(app).get("/").status_code == 404
