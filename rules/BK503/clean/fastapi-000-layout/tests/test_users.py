from app.api.v1.endpoints.users import router
from app.models.user import User


def test_router_has_routes():
    assert router.routes
    assert User.__tablename__ == "users"
