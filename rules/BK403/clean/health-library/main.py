from fastapi import FastAPI
from fastapi_health import health

app = FastAPI()
app.add_api_route("/check", health([]))


@app.get("/items")
def items() -> list[str]:
    return []
