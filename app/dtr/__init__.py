"""Da Vinci DTR (Documentation Templates and Rules) under /fhir: the A015 Questionnaire for each policy
version, $questionnaire-package and the adaptive form's $next-question, for EHRs."""
import logging

from flask import Blueprint, current_app, g, request

from ..extensions import limiter

bp = Blueprint("dtr", __name__, url_prefix="/fhir")
limiter.limit(lambda: current_app.config["DTR_RATE_LIMIT"])(bp)
LANGUAGE = "en"  # a DTR request carries no reader's language; the forms are in English, as CRD's cards are


@bp.before_request
def _for_fhir():
    g.language = LANGUAGE  # the wizard's words, which the Questionnaire is made of, in the forms' language
    # an adaptive response carries its own Questionnaire back each time: more than the API's 64 KB
    request.max_content_length = current_app.config["DTR_MAX_CONTENT_LENGTH"]


from . import routes  # noqa: E402,F401


def configure(app) -> None:
    """Say loudly when no token is checked; the trusted issuers are CRD's (crd.configure reads them)."""
    if not app.config["DTR_JWT_REQUIRED"]:
        logging.getLogger("coverage_check.dtr").warning(
            "DTR_JWT_REQUIRED is false: /fhir answers ANY caller without checking a token. Use this for local "
            "trials only.")
