"""GET /healthz: whether the app and its database answer, for load balancers and monitors."""
from flask import Blueprint, jsonify

from .storage import database_answers

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not."""
    if database_answers():
        return jsonify({"status": "ok", "database": "ok"})
    return jsonify({"status": "unavailable", "database": "not answering"}), 503
