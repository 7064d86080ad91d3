import uvicorn

from orders.main import app


@app.get("/version")
def version() -> str:
    return "1.0"


if __name__ == "__main__":
    uvicorn.run(app)
