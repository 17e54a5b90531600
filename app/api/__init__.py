"""The JSON API under /api/v1, for the member portal, provider-office tools and call-center systems."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import routes  # noqa: E402,F401
