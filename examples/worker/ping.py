"""A standalone job runner with no manifest of its own (BK601)."""

import requests


def ping(url: str) -> int:
    return requests.get(url, timeout=5).status_code
