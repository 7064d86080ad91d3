from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app() -> Flask:
    app = Flask(__name__)
    db.init_app(app)
    from app.routes import bp

    app.register_blueprint(bp)
    return app


from app import models  # noqa: E402,F401
