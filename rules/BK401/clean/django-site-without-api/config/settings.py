ROOT_URLCONF = "config.urls"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.admin", "blog"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
