from datetime import datetime, timedelta, timezone

import jwt
from jose import jwt as jose_jwt

from app.core.config import settings


def create_token(subject: str) -> str:
    expires = datetime.now(timezone.utc) + timedelta(minutes=30)
    return jwt.encode({"sub": subject, "exp": expires}, settings.secret_key, algorithm="HS256")


def read_legacy_token(token: str) -> dict[str, object]:
    return jose_jwt.decode(token, settings.secret_key, algorithms=["HS256"])
