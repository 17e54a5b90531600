"""The JSON API under /api/v1, for the member portal, provider-office tools and call-center systems."""
from flask import Blueprint, current_app

from ..extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# the limit is a setting (API_RATE_LIMIT), read when a request comes
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)

from . import routes  # noqa: E402,F401
