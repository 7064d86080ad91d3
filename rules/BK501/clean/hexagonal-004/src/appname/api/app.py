from fastapi import FastAPI

from appname.api.routes import health, signup
from appname.domain.services import SignupService


def create_app(signups: SignupService) -> FastAPI:
    app = FastAPI()
    app.state.signups = signups
    app.include_router(health.router)
    app.include_router(signup.router)
    return app
