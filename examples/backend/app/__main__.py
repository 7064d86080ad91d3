import uvicorn

from app.main import app


@app.get("/version")
def version() -> dict[str, str]:
    return {"version": app.version}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8000)
