from dotenv import load_dotenv
from fastapi import FastAPI, Form
from jose import jwt

load_dotenv()
app = FastAPI()
