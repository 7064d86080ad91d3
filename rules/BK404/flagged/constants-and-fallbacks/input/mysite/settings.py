import os

SECRET_KEY = "django-insecure-7h#2k!x0v@q9$w"
DEBUG = False
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": "s3cr3t-shop",
    }
}
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "mailpass-2024")
SENTRY_TOKEN = os.environ.get("SENTRY_TOKEN") or "sntrys_abc123"
