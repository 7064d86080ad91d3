from flask import Flask
from flask_cors import CORS, cross_origin

app = Flask(__name__)
CORS(app, supports_credentials=True)


@app.get("/api/cart")
@cross_origin(origins="*", supports_credentials=True)
def cart():
    return {"items": []}
