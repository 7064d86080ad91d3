from fastapi import FastAPI

app = FastAPI()


@app.get("/_status")
def status() -> str:
    return "ok"
