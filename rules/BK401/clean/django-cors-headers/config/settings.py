ROOT_URLCONF = "config.urls"
INSTALLED_APPS = ["django.contrib.auth", "rest_framework", "corsheaders"]
MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
