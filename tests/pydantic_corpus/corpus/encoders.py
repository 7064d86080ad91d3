"""`json_encoders`: moved into `model_config`, still deprecated in v2 (no mechanical fix)."""

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class Encoded(BaseModel):
    when: datetime

    class Config:
        json_encoders = {datetime: lambda value: value.strftime("%Y")}  # noqa: RUF012


def encoded(when: str) -> dict[str, Any]:
    return json.loads(Encoded(when=when).json())
