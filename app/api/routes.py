"""POST a set of answers, get a determination; read the policy; read the API's own description."""
from flask import current_app, jsonify, request

from ..coverage.answers import AnswerErrors, parse_answers
from ..coverage.engine import evaluate
from ..coverage.icd10 import POLICY_NAMES_NO_CODES, DiagnosisCodeError, reconcile
from ..errors import error_response
from ..i18n import languages, translator
from ..storage import BadReference, find
from ..storage.service import NOT_SAVED, record
from . import bp
from .openapi import openapi_document


DEFAULT_LANGUAGE = "en"
BAD_LANGUAGE = "Choose the language of the texts: {}"  # "en or es", from the configured languages
BAD_REFERENCE = ("Check the reference number: it is 12 letters and digits, like 7KQ4-M2XD-9HPW, "
                 "and one of them looks mistyped")


def _policy():
    return current_app.extensions["policy"]


@bp.post("/determinations")
def create_determination():
    """Evaluate the posted answers under A015 and return the determination."""
    # the body is read as JSON whatever its declared type: a machine client's header is no reason to refuse it
    data = request.get_json(force=True, silent=True)
    if data is None:
        return error_response(400, errors={"body": "The body is not valid JSON"})
    if not isinstance(data, dict):
        return error_response(400, errors={"body": "Send the answers as a JSON object"})
    # `language` chooses the words, not the determination: it is taken out before the answers are checked
    data = dict(data)
    language = data.pop("language", None)
    code = data.pop("diagnosis_code", None)
    errors = {}
    if language is None:
        language = DEFAULT_LANGUAGE
    elif not isinstance(language, str) or language not in languages():
        *others, last = languages()
        errors["language"] = BAD_LANGUAGE.format(f"{', '.join(others)} or {last}" if others else last)
    diagnosis_code = None
    if code is not None:
        # an ICD-10-CM code may stand for the diagnosis answer, or come with it and agree with it
        given = data.get("diagnosis")
        try:
            diagnosis, diagnosis_code = reconcile(code, given if isinstance(given, str) else None)
            if given is None or isinstance(given, str):  # a diagnosis of the wrong type is left for its own 422
                data["diagnosis"] = diagnosis
        except DiagnosisCodeError as error:
            errors["diagnosis_code"] = str(error)
    try:
        answers = parse_answers(data)
    except AnswerErrors as error:
        errors = {**error.errors, **errors}
    if errors:
        return error_response(422, errors=errors)
    gettext = translator(language)
    shown = evaluate(answers, _policy(), gettext=gettext, language=language).to_dict()
    reference = record(shown, source="api", language=language)
    body = {"reference": reference, **shown}
    if reference is None:
        body["reference_note"] = gettext(NOT_SAVED)
    if diagnosis_code is not None:
        body["diagnosis_code"] = {**diagnosis_code.to_dict(gettext), "policy_note": gettext(POLICY_NAMES_NO_CODES)}
    return jsonify(body)


@bp.get("/determinations/<reference>")
def get_determination(reference: str):
    """A saved determination, exactly as it was shown, by its reference number."""
    try:
        saved = find(reference)
    except BadReference:
        return error_response(422, errors={"reference": BAD_REFERENCE})
    if saved is None:
        return error_response(404, errors={"reference": "No determination has this reference number"})
    return jsonify(saved.to_dict())


@bp.get("/policies/<policy_id>")
def get_policy(policy_id: str):
    """The policy's data: sections, anchors, codes and dates, for rendering a citation in context."""
    policy = _policy()
    if policy_id.upper() != policy.id:
        return error_response(404, errors={"policy_id": f"There is no policy {policy_id[:32]}; this service knows {policy.id}"})
    return jsonify(policy.to_dict())


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(languages()))
