"""POST a set of answers, get a determination; read the policy; read the API's own description."""
import datetime as dt

from flask import current_app, jsonify, request, url_for

from ..coverage.answers import AnswerErrors, parse_answers
from ..coverage.icd10 import POLICY_NAMES_NO_CODES, DiagnosisCodeError, reconcile
from ..errors import error_response
from ..extensions import lookup_limit
from ..i18n import languages, translator
from ..in_force import policy_for, reviewed
from ..storage import BadReference, find
from ..storage.service import NOT_SAVED, save_determination
from . import bp
from .body import BodyError, json_body
from .openapi import openapi_document
from .shown import shown


DEFAULT_LANGUAGE = "en"
BAD_LANGUAGE = "Choose the language of the texts: {}"  # "en or es", from the configured languages
BAD_REFERENCE = ("Check the reference number: it is 12 letters and digits, like 7KQ4-M2XD-9HPW, "
                 "and one of them looks mistyped")


@bp.post("/determinations")
def create_determination():
    """Evaluate the posted answers under A015 and return the determination."""
    try:
        data = json_body()
    except BodyError as error:
        return _body_error(error)
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
    policy = policy_for(answers.date_of_service)
    made = shown(answers, policy, language, dt.date.today())
    reference = save_determination(made.data, source="api", language=language, shown_json=made.text, policy=policy)
    if reference is None:
        body = {"reference": None, **made.data, "reference_note": translator(language)(NOT_SAVED)}
    elif diagnosis_code is None:
        # the determination's JSON as saved, after the reference: serialized once, not again for the response
        return current_app.response_class(f'{{"reference":"{reference}",{made.text[1:]}', mimetype="application/json")
    else:
        body = {"reference": reference, **made.data}
    if diagnosis_code is not None:
        gettext = translator(language)
        body["diagnosis_code"] = {**diagnosis_code.to_dict(gettext), "policy_note": gettext(POLICY_NAMES_NO_CODES)}
    return jsonify(body)


def _body_error(error: BodyError):
    if error.status == 415:
        return error_response(415)
    return error_response(error.status, errors={"body": error.message})


@bp.post("/determinations/lookup")
@lookup_limit
def lookup_determination():
    """A saved determination by the reference in the body, so that the reference is in no URL or log."""
    try:
        data = json_body()
    except BodyError as error:
        return _body_error(error)
    if not isinstance(data, dict):
        return error_response(400, errors={"body": "Send the reference as a JSON object"})
    reference = data.get("reference")
    if not isinstance(reference, str):
        return error_response(422, errors={"reference": "Give the reference number, like 7KQ4-M2XD-9HPW"})
    return _saved(reference)


# at least the twelve symbols of a reference: shorter words, such as lookup, are never a reference
@bp.get("/determinations/<string(minlength=12):reference>")
@lookup_limit
def get_determination(reference: str):
    """A saved determination, exactly as it was shown, by its reference number in the path."""
    return _saved(reference)


def _saved(reference: str):
    try:
        saved = find(reference)
    except BadReference:
        return error_response(422, errors={"reference": BAD_REFERENCE})
    if saved is None:
        return error_response(404, errors={"reference": "No determination has this reference number"})
    return jsonify(saved.to_dict())


def _library(policy_id: str):
    library = current_app.extensions["policies"]
    return library if policy_id.upper() == library.id else None


def _unknown_policy(policy_id: str):
    known = current_app.extensions["policies"].id
    return error_response(404, errors={"policy_id": f"There is no policy {policy_id[:32]}; this service knows {known}"})


@bp.get("/policies/<policy_id>")
def get_policy(policy_id: str):
    """The version in effect today, as data (sections, anchors, codes, dates), and the list of every version."""
    library = _library(policy_id)
    if library is None:
        return _unknown_policy(policy_id)
    versions = []
    for version in library.versions:
        version = reviewed(version)
        versions.append({"effective_date": version.effective_date.isoformat(),
                         "next_review_date": version.next_review_date.isoformat(), "digest": version.digest,
                         "url": url_for(".get_policy_version", policy_id=library.id,
                                        version=version.effective_date.isoformat())})
    return jsonify({**reviewed(library.current()).to_dict(), "versions": versions})


@bp.get("/policies/<policy_id>/versions/<version>")
def get_policy_version(policy_id: str, version: str):
    """One version of the policy, named by its effective date, as data."""
    library = _library(policy_id)
    if library is None:
        return _unknown_policy(policy_id)
    try:
        dt.date.fromisoformat(version)
    except ValueError:
        return error_response(422, errors={"version": "Write the version as its effective date, YYYY-MM-DD"})
    found = library.version(version)
    if found is None:
        known = ", ".join(p.effective_date.isoformat() for p in library.versions)
        return error_response(404, errors={"version": f"{library.id} has no version effective {version}; it has {known}"})
    return jsonify(reviewed(found).to_dict())


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(languages()))
