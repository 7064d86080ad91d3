import jwt
import redis


def issue(subject: str) -> str:
    return jwt.encode({"sub": subject}, "my-jwt-signing-key", algorithm="HS256")


def cache() -> redis.Redis:
    return redis.Redis(host="cache.example.com", password="R3dis!pass")
