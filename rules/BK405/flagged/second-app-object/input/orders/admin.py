from fastapi import FastAPI

admin = FastAPI(title="admin")
