import os

DEBUG = os.environ.get("DEBUG") == "1"
if DEBUG:
    SECRET_KEY = "debug-only-key"
else:
    SECRET_KEY = os.environ["SECRET_KEY"]
