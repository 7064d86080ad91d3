from fastapi import HTTPException

from appname.domain.errors import AlreadyRegistered


def to_http(error: AlreadyRegistered) -> HTTPException:
    return HTTPException(status_code=409, detail=str(error))
