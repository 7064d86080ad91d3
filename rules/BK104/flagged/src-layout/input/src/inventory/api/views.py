from dateutil import parser as dateparser
from flask import Blueprint, jsonify, request

from ..jobs.scrape import fetch_prices

blueprint = Blueprint("api", __name__)


@blueprint.get("/prices")
def prices():
    since = dateparser.isoparse(request.args["since"])
    return jsonify(fetch_prices(since))
