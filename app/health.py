"""GET /healthz for load balancers and monitors, and the refusal to serve without the schema.

Health is 200 only when the database answers, is at the schema's newest version and takes a write;
503 otherwise, with what is wrong. While the database answers without its schema, every page and
API call but this one answers 503 with a message naming `flask db upgrade`.
"""
from flask import Blueprint, Flask, current_app, jsonify, request

from .extensions import db
from .storage import database

bp = Blueprint("health", __name__)
OPEN_WITHOUT_SCHEMA = ("health.healthz", "static")


@bp.get("/healthz")
def healthz():
    """200 when the database answers, has its schema and takes a write; 503 with the reason otherwise."""
    report = database.check(db.session, db.engine, current_app.extensions["schema_head"])
    healthy = report.get("writable") is True
    return jsonify({"status": "ok" if healthy else "unavailable", **report}), 200 if healthy else 503


def _refuse_without_schema():
    if request.endpoint in OPEN_WITHOUT_SCHEMA:
        return None
    if current_app.extensions["schema_guard"].missing_now(db.session):
        raise database.SchemaMissing(database.NO_SCHEMA)
    return None


def register(app: Flask) -> None:
    app.extensions["schema_head"] = head = database.schema_head()
    app.extensions["schema_guard"] = database.SchemaGuard(head)
    app.register_blueprint(bp)
    with app.app_context():
        url = db.engine.url
        path = database.sqlite_path(url)
        if path:
            database.watch_sqlite_file(db.engine, path)
    if path or url.get_backend_name() != "sqlite":
        # an in-memory SQLite database (tests of pages alone) starts empty every time: nothing to refuse for
        app.before_request(_refuse_without_schema)
