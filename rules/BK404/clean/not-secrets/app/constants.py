"""Secrets are read from `postgresql://user:s3cret@db.example.com/app`-style URLs."""

INVALID_PASSWORD = "Invalid email or password."
WRONG_PASSWORD = "wrong_password"
TOKEN_TYPE = "bearer"
TOKEN_URL = "/auth/token"
PASSWORD_MIN_LENGTH = 8
PASSWORD = "password"
CSRF_TOKEN = "csrftoken"
MASKED_PASSWORD = "********"


class Field:
    PASSWORD = "password"
    API_KEY = "api_key"
