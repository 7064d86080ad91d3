import json
from typing import Any

import redis

from app.core.config import settings

_client = redis.Redis.from_url(settings.redis_url, decode_responses=True)


def cache_get(key: str) -> Any | None:
    raw = _client.get(key)
    return json.loads(raw) if raw is not None else None


def cache_set(key: str, value: Any, ttl_seconds: int = 300) -> None:
    _client.setex(key, ttl_seconds, json.dumps(value, default=str))
