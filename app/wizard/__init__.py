"""The wizard: one question per page, for members, provider offices and call-center agents."""
from flask import Blueprint

bp = Blueprint("wizard", __name__)

from . import lookup, policy_pages, quick, results, routes  # noqa: E402,F401
