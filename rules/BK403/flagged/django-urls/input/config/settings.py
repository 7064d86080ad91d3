ROOT_URLCONF = "config.urls"
INSTALLED_APPS = ["django.contrib.auth", "orders"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
