from flask import Blueprint

bp = Blueprint("shop", __name__, url_prefix="/health")


@bp.route("/")
def index():
    return "shop"
