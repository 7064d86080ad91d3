from fastapi import FastAPI


def register(app: FastAPI) -> None:
    @app.get("/version")
    def version() -> str:
        return "1.0"
