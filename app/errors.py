"""Error responses for people and for machines: HTML for pages, JSON under /api/. Never a traceback.

Each error is logged once, with the request id the response carries in X-Request-ID.
"""
import json
import logging

from flask import Response, current_app, jsonify, render_template, request, url_for
from flask.globals import request_ctx
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .i18n import N_
from .logs import request_id, route
from .storage.database import DatabaseUnavailable, SchemaMissing

log = logging.getLogger("coverage_check.errors")

# a sentence for a person per status: the page's message, translated there, and the API's, in English
MESSAGES = {
    400: N_("The request could not be understood."),
    403: N_("Your account cannot do this. Ask a policy editor."),
    404: N_("There is no page at this address."),
    405: N_("This address does not accept that kind of request."),
    413: N_("The request is too large. Requests are limited to 64 KB."),
    415: N_("Send the request as JSON."),
    422: N_("Some of the answers could not be used."),
    429: N_("Too many requests. Wait a moment and try again."),
    500: N_("Something went wrong on our side. Try again in a moment."),
    503: N_("Saved determinations cannot be reached just now. Try again in a moment."),
}
# an operator's missing step, said to whoever meets it, since the log may not be read first
NO_SCHEMA_MESSAGE = N_("This service is not set up yet: its operators need to run `flask --app app db upgrade`.")
CSRF_MESSAGE = N_("This page was open too long, or was sent from somewhere else, so your answer was not saved. "
                  "Start again to check coverage.")
ADMIN_CSRF_MESSAGE = N_("This form was open too long, or was sent from somewhere else, so nothing was changed. "
                        "Go back, reload the page and try again.")
KEPT_HEADERS = ("Allow", "Retry-After")


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/cds-services"))


def error_response(status: int, message: str | None = None, errors: dict | None = None, **page):
    """The one place an error becomes a response."""
    message = message or MESSAGES.get(status, MESSAGES[500])
    if request.path.startswith("/fhir/"):
        # the FHIR operations say every refusal as an OperationOutcome
        from .dtr.outcome import STATUS_CODES, issue, operation_outcome
        if status == 413:
            message = f"The request is too large: at most {current_app.config['DTR_MAX_CONTENT_LENGTH'] // 1024} KB."
        outcome = operation_outcome([issue("error", STATUS_CODES.get(status, "exception"), message)])
        return Response(json.dumps(outcome), status=status, mimetype="application/fhir+json"), status
    if wants_json():
        return jsonify({"errors": errors or {"request": message}}), status
    if request_ctx.url_adapter is None:
        # a Host outside TRUSTED_HOSTS: no page can be built for it (its links need a host), so plain words
        return Response(message, mimetype="text/plain"), status
    return render_template("errors/error.html", status=status, message=_(message),
                           request_id=request_id(), **page), status


def _log(status: int, error: Exception) -> None:
    fields = {"status": status, "method": request.method, "path": route(), "request_id": request_id()}
    if status == 500:
        log.error("server error: %s", type(error).__name__, exc_info=error, extra={"fields": fields})
    elif status > 500:
        log.error("unavailable: %s", type(error).__name__, extra={"fields": fields})
    else:
        log.warning("client error: %s", type(error).__name__, extra={"fields": fields})


def register(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        _log(400, error)
        if request.path.startswith("/admin/"):
            return error_response(400, ADMIN_CSRF_MESSAGE, restart_url=url_for("admin.home"))
        return error_response(400, CSRF_MESSAGE, restart_url=url_for("wizard.index"))

    @app.errorhandler(DatabaseUnavailable)
    def database_unavailable(error: DatabaseUnavailable):
        _log(503, error)
        message = NO_SCHEMA_MESSAGE if isinstance(error, SchemaMissing) else MESSAGES[503]
        response = app.make_response(error_response(503, message))
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        _log(status, error)
        response, status = error_response(status)
        response = app.make_response((response, status))
        for name, value in error.get_headers():
            if name in KEPT_HEADERS:
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        _log(500, error)
        return error_response(InternalServerError.code)
