from flask import Flask

from shop.extensions import cors


def create_app() -> Flask:
    app = Flask(__name__)
    cors.init_app(app, origins=["https://shop.example.com"])
    return app
