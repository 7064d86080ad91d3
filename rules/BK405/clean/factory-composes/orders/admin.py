from fastapi import FastAPI

admin_app = FastAPI()
