from flask import Flask

from shop.views import bp


def create_app() -> Flask:
    app = Flask(__name__)
    app.register_blueprint(bp, url_prefix="/shop")
    return app
