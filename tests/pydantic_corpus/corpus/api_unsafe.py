"""Model methods whose v2 replacement differs at the edges."""

import json
from typing import Any

from corpus.people import Person


def from_raw(raw: str) -> dict[str, Any]:
    return Person.parse_raw(raw).dict()


def schema_text() -> dict[str, Any]:
    schema = json.loads(Person.schema_json(indent=2))
    return {"title": schema["title"], "required": schema["required"]}
