class Settings:
    origins = ["*"]


settings = Settings()
