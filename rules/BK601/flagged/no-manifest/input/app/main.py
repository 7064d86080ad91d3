import logging

from fastapi import FastAPI

from app.db import engine

app = FastAPI()
