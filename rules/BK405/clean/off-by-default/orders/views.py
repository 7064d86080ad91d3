from orders.main import app


@app.get("/version")
def version() -> str:
    return "1.0"
