"""POST a set of answers, get a determination; read the policy; read the API's own description."""
import datetime as dt

from flask import current_app, jsonify, request, url_for

from ..coverage.answers import AnswerErrors, parse_answers
from ..coverage.engine import evaluate
from ..errors import error_response
from ..i18n import languages, translator
from ..in_force import policy_for, reviewed
from ..storage import BadReference, find
from ..storage.service import NOT_SAVED, record
from . import bp
from .openapi import openapi_document


DEFAULT_LANGUAGE = "en"
BAD_LANGUAGE = "Choose the language of the texts: {}"  # "en or es", from the configured languages
BAD_REFERENCE = ("Check the reference number: it is 12 letters and digits, like 7KQ4-M2XD-9HPW, "
                 "and one of them looks mistyped")


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
    errors = {}
    if language is None:
        language = DEFAULT_LANGUAGE
    elif not isinstance(language, str) or language not in languages():
        *others, last = languages()
        errors["language"] = BAD_LANGUAGE.format(f"{', '.join(others)} or {last}" if others else last)
    try:
        answers = parse_answers(data)
    except AnswerErrors as error:
        errors = {**error.errors, **errors}
    if errors:
        return error_response(422, errors=errors)
    gettext = translator(language)
    policy = policy_for(answers.date_of_service)
    shown = evaluate(answers, policy, gettext=gettext, language=language).to_dict()
    reference = record(shown, source="api", language=language, policy=policy)
    body = {"reference": reference, **shown}
    if reference is None:
        body["reference_note"] = gettext(NOT_SAVED)
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
