from app.routes import bp
from app.services import Mailer


def run() -> None:
    print(bp, Mailer)
