ROOT_URLCONF = "config.urls"
INSTALLED_APPS = ["django.contrib.auth"]
MIDDLEWARE = []
