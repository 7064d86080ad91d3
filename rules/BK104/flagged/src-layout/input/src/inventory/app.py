from flask import Flask
from flask_sqlalchemy import SQLAlchemy

from inventory.api.views import blueprint

db = SQLAlchemy()


def create_app() -> Flask:
    app = Flask(__name__)
    db.init_app(app)
    app.register_blueprint(blueprint)
    return app
