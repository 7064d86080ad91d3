from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200))


def create_app() -> Flask:
    app = Flask(__name__)
    db.init_app(app)
    with app.app_context():
        db.metadata.create_all(db.engine)
    return app
