import json

import httpx


def fetch(url: str) -> dict:
    return json.loads(httpx.get(url).text)
