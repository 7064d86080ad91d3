from fastapi import FastAPI

from orders import admin, views


def create_app() -> FastAPI:
    app = FastAPI()
    views.register(app)
    app.mount("/admin", admin.admin_app)
    return app
