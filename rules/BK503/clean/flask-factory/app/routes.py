from flask import Blueprint, request

from app.models import User
from app.services import Mailer

bp = Blueprint("main", __name__)


@bp.post("/notify")
def notify():
    User.query.get(request.json["id"]).notify(Mailer())
    return "", 204
