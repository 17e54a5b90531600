"""The Questionnaire by its id, $questionnaire-package and $next-question. Each operation takes FHIR JSON
from a caller whose JWT we trust (as the CDS Hooks service does), and every refusal is an OperationOutcome."""
from __future__ import annotations

import datetime as dt

from flask import current_app, request

from ..api.body import BodyError, json_body
from ..coverage.answers import AnswerErrors, parse_answers
from ..coverage.engine import evaluate
from ..crd.trust import Untrusted, verify
from ..i18n import translator
from ..in_force import policy_for
from ..security import public_base, public_url
from ..storage.service import NOT_SAVED, save_determination
from ..wizard import flow
from . import LANGUAGE, adaptive, bp, determination, package
from .outcome import DtrError, validated
from .questionnaire import AUDIENCE, QUESTIONNAIRE_ID, Site, ends, questionnaire

FHIR_JSON = "application/fhir+json"
MEDIA_TYPES = (FHIR_JSON, "application/json")
# a completed QuestionnaireResponse with its contained Questionnaire, in Parameters, nests 15 levels deep
MAX_DEPTH = 24


def fhir(resource: dict, status: int = 200):
    return current_app.response_class(current_app.json.dumps(resource), status=status, mimetype=FHIR_JSON)


@bp.errorhandler(DtrError)
def refused(error: DtrError):
    return fhir(error.outcome(), error.status)


def _site() -> Site:
    # the service's configured address (PUBLIC_BASE_URL), never the Host a request names
    return Site(base=public_base() + bp.url_prefix, policy_url=public_url("wizard.policy_page", policy_id="A015"),
                publisher=current_app.config["CRD_SOURCE_LABEL"], gettext=translator(LANGUAGE))


def questionnaire_for(policy) -> str:
    """The canonical, with its version, of the Questionnaire for a policy version: what CRD names."""
    return _site().versioned(policy)


def _audiences() -> set[str]:
    # the operation's URL under this service's configured address: a token minted for another is refused
    return {public_url(request.endpoint, **(request.view_args or {}))}


def _trusted() -> None:
    if current_app.config["DTR_JWT_REQUIRED"]:
        try:
            verify(request.headers.get("Authorization"), issuers=current_app.extensions["crd_issuers"],
                   audiences=_audiences(), seen=current_app.extensions["crd_seen_tokens"])
        except Untrusted as error:
            raise DtrError(401, "security", str(error)) from None


def _body():
    try:
        return json_body(MEDIA_TYPES, MAX_DEPTH)
    except BodyError as error:
        code = "not-supported" if error.status == 415 else "structure"
        raise DtrError(error.status, code, "send FHIR JSON (application/fhir+json)" if error.status == 415
                       else error.message) from None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _day(text: str | None) -> dt.date:
    return dt.date.fromisoformat(text) if text else dt.date.today()


@bp.get("/Questionnaire/<questionnaire_id>")
def questionnaire_read(questionnaire_id: str):
    """A015's Questionnaire: `a015` is the version in effect today, `a015-<effective date>` each version."""
    library = current_app.extensions["policies"]
    if questionnaire_id == QUESTIONNAIRE_ID:
        policy = library.current()
    else:
        prefix, _, version = questionnaire_id.partition("-")
        policy = library.version(version) if prefix == QUESTIONNAIRE_ID else None
    if policy is None:
        raise DtrError(404, "not-found", f"there is no Questionnaire {questionnaire_id[:64]!r}; "
                                         f"{QUESTIONNAIRE_ID} is the one in effect today")
    return fhir(questionnaire(_site(), policy, ends(library.versions, policy)))


@bp.post("/Questionnaire/$questionnaire-package")
def questionnaire_package():
    """A package Bundle for each A015 order: its version's Questionnaire and a response pre-filled from the order."""
    _trusted()
    asked = package.parse(_body())
    library = current_app.extensions["policies"]
    return fhir(package.build(_site(), asked, library, lambda date: library.deciding(_day(date)),
                              dt.datetime.now(dt.timezone.utc)))


@bp.post("/Questionnaire/$next-question")
def next_question():
    """The response so far, with the next question the flow asks; or completed, with the determination."""
    _trusted()
    sent, name = adaptive.unwrap(_body())
    validated(sent, "QuestionnaireResponse")
    site, library = _site(), current_app.extensions["policies"]
    at = adaptive.step(sent, site, library)
    if not at.done:
        policy = at.read.version or library.deciding(_day(at.answers.get("date_of_service")))
        return fhir(adaptive.wrap(adaptive.in_progress(sent, site, at, policy, _now()), name))
    try:
        answers = parse_answers(flow.engine_input(at.answers, AUDIENCE))
    except AnswerErrors as error:
        raise DtrError(422, "processing", "; ".join(f"{k}: {v}" for k, v in error.errors.items())) from None
    policy = policy_for(answers.date_of_service)  # the version in effect on the date of service decides
    gettext = translator(LANGUAGE)
    # judged on the day it is completed, as the API and the wizard judge: a visit dated before it has taken place
    shown = evaluate(answers, policy, gettext=gettext, language=LANGUAGE, today=dt.date.today()).to_dict()
    reference = save_determination(shown, source="dtr", language=LANGUAGE, policy=policy)
    extension = None
    if at.read.coverage:
        # with nothing saved, the response itself is the trace
        trace = reference or f"QuestionnaireResponse/{str(sent.get('id', ''))[:64]}"
        extension = determination.coverage_information(shown, at.read.coverage, trace,
                                                       current_app.config["CRD_PA_NEEDED"], dt.date.today(), gettext)
    done = adaptive.completed(sent, site, at, policy, shown, reference, None if reference else gettext(NOT_SAVED),
                              extension, _now())
    return fhir(adaptive.wrap(done, name))
