from fastapi import APIRouter, Request

from appname.api.errors import to_http
from appname.api.schemas import SignupRequest
from appname.domain.errors import AlreadyRegistered
from appname.domain.models import Email

router = APIRouter()


@router.post("/signup")
def signup(body: SignupRequest, request: Request) -> dict[str, int]:
    try:
        user = request.app.state.signups.register(Email(body.email))
    except AlreadyRegistered as error:
        raise to_http(error)
    return {"id": user.id}
