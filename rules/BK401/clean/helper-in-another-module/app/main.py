from fastapi import FastAPI

from app.core import middleware

app = FastAPI()
middleware.setup_middleware(app)
