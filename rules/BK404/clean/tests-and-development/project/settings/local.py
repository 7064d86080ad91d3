SECRET_KEY = "local-development-key"
