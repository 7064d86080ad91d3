from fastapi import FastAPI

from service.routes import router
from service.settings import app_settings


def create_app() -> FastAPI:
    app = FastAPI(debug=app_settings.debug)
    app.include_router(router)
    return app
