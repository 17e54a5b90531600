"""Question pages, check your answers, the result and the policy page."""
from flask import render_template

from . import bp


@bp.get("/")
def index():
    """The start page: what the service does and the three ways in."""
    return render_template("wizard/index.html")
