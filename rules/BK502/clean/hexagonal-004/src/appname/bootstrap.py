from fastapi import FastAPI

from appname.api.app import create_app
from appname.domain.services import SignupService
from appname.infrastructure.config import load_settings
from appname.infrastructure.db.queries import SqlUserStore
from appname.infrastructure.db.session import session_factory


def create_services() -> SignupService:
    settings = load_settings()
    return SignupService(SqlUserStore(session_factory(settings.database_url)))


def build_app() -> FastAPI:
    return create_app(create_services())
