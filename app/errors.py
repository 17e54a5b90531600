"""Error responses for people and for machines: HTML for pages, JSON under /api/. Never a traceback."""
from flask import jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

# a sentence for a person per status; the page's heading and the API's message
MESSAGES = {
    400: "The request could not be understood.",
    404: "There is no page at this address.",
    405: "This address does not accept that kind of request.",
    413: "The request is too large. Requests are limited to 64 KB.",
    422: "Some of the answers could not be used.",
    429: "Too many requests. Wait a moment and try again.",
    500: "Something went wrong on our side. Try again in a moment.",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None, errors: dict | None = None):
    """The one place an error becomes a response."""
    message = message or MESSAGES.get(status, MESSAGES[500])
    if wants_json():
        body = {"errors": errors or {"request": message}}
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=_(message)), status


def register(app):
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return error_response(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(InternalServerError.code)
