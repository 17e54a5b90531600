"""Discovery and the hook calls: each A015-coded order or appointment judged, saved, and answered."""
from __future__ import annotations

import datetime as dt
import logging

from flask import Blueprint, current_app, jsonify, request

from ..api.body import BodyError, json_body
from ..api.shown import shown as shown_once
from ..coverage.answers import AnswerErrors, parse_answers
from .fhir_answers import a015_coding, id_in, map_request
from ..coverage.icd10 import ICD10_RELEASE, POLICY_NAMES_NO_CODES
from ..i18n import N_, translator
from ..in_force import policy_for
from ..security import public_url
from ..storage.service import save_determination
from . import respond, work
from .hook import HookError, parse_hook_request
from .services import SERVICE_IDS, discovery
from .trust import ReplayUnknown, Untrusted, verify

bp = Blueprint("crd", __name__, url_prefix="/cds-services")
# every call counts one unit of CRD_RATE_LIMIT before anything else is done; judging counts more (work.py)
bp.before_request(lambda: work.charge(1))

log = logging.getLogger("coverage_check.crd")
PRIMARY_HOOKS = ("appointment-book", "order-sign", "order-dispatch")
LANGUAGE = "en"  # CDS Hooks carries no reader's language; cards are in English
MAX_DEPTH = 32  # a hook request nests about 13 levels (a Bundle's entry's resource's coding ...); 32 is ample
NOT_JUDGED_SUMMARY = N_("A015: %(count)d more coded services were not judged (at most %(cap)d a call)")
NOT_JUDGED = N_("This service judges at most %(cap)d A015-coded orders or appointments in one call. %(count)d more "
                "in this request were not judged and carry no coverage information: send them in another call.")


def _json_error(status: int, errors: dict, headers: dict | None = None):
    return jsonify({"errors": errors}), status, headers or {}


def _audiences(service_id: str) -> set[str]:
    # the URL of this service as configured (PUBLIC_BASE_URL): never the Host the request names
    return {public_url("crd.hook", service_id=service_id)}


@bp.get("", strict_slashes=False)
def services():
    """The discovery document: the hooks this service answers and what to prefetch."""
    return jsonify(discovery())


@bp.post("/<service_id>")
def hook(service_id: str):
    """Answer one CDS Hooks call: a coverage-information update and a card per A015-coded service."""
    if service_id not in SERVICE_IDS:
        return _json_error(404, {"service": f"there is no CDS service {service_id[:64]!r}; GET /cds-services lists them"})
    if current_app.config["CRD_JWT_REQUIRED"]:
        try:
            verify(request.headers.get("Authorization"), issuers=current_app.extensions["crd_issuers"],
                   audiences=_audiences(service_id), seen=current_app.extensions["crd_seen_tokens"])
        except Untrusted as error:
            return _json_error(401, {"authorization": str(error)})
        except ReplayUnknown:
            return _json_error(503, {"authorization": "whether this token was used before cannot be checked just "
                                                      "now, so the call is refused: try again with a new token"},
                               {"Retry-After": "30"})
    try:
        data = json_body(max_depth=MAX_DEPTH)
    except BodyError as error:
        return _json_error(error.status, {"request" if error.status == 415 else "body": error.message})
    try:
        hook_request = parse_hook_request(data, SERVICE_IDS[service_id])
    except HookError as error:
        return _json_error(400, error.errors)
    judged, not_judged = _in_scope(hook_request)
    work.charge(len(judged) - 1)  # the call itself was counted as one on its way in
    cards, actions = [], []
    # CRD's primary hooks SHALL carry a Coverage Information system action (hooks.html, hook categories): the
    # EHR's "coverage-info": false is honoured only on the secondary order-select
    wants_coverage_info = (hook_request.hook in PRIMARY_HOOKS
                           or hook_request.configuration.get("coverage-info", True) is not False)
    for resource, mapped in judged:
        card, action = _answer(resource, mapped, hook_request)
        cards.append(card)
        if action and wants_coverage_info:
            actions.append(action)
    max_cards = hook_request.configuration.get("max-cards")
    if isinstance(max_cards, int) and not isinstance(max_cards, bool) and max_cards >= 0:
        cards = cards[:max(max_cards - bool(not_judged), 0)]
    if not_judged:
        # first, and never cut by max-cards: without it the EHR cannot know some orders carry no answer
        cards.insert(0, _not_judged_card(not_judged))
    # cards may be empty (no guidance); systemActions, optional, is left out rather than sent empty
    return jsonify({"cards": cards, **({"systemActions": actions} if actions else {})})


def _in_scope(hook_request) -> tuple[list, int]:
    """The services A015 covers, up to CRD_MAX_ORDERS, each with its answers; and how many more there were."""
    cap = current_app.config["CRD_MAX_ORDERS"]
    judged, more = [], 0
    for resource in hook_request.requests:
        if len(judged) >= cap:
            # past the cap only the code is read, to say how many were left: nothing is judged or saved
            more += a015_coding(resource, hook_request.resources) is not None
            continue
        mapped = map_request(resource, hook_request.resources, hook_request.performer, hook_request.patient)
        if mapped is not None:  # None: a service A015 does not cover, so no card and no action
            judged.append((resource, mapped))
    return judged, more


def _not_judged_card(count: int) -> dict:
    gettext = translator(LANGUAGE)
    words = {"count": count, "cap": current_app.config["CRD_MAX_ORDERS"]}
    return respond.card(outcome="needs_review", summary=gettext(NOT_JUDGED_SUMMARY) % words,
                        detail_text=gettext(NOT_JUDGED) % words, label=current_app.config["CRD_SOURCE_LABEL"], links=[])


def _urls(reference: str | None) -> tuple[str, str | None]:
    policy_url = public_url("wizard.policy_page", policy_id="A015")
    # the reference after the "#": a browser keeps it, no server or proxy log ever sees it
    result_url = public_url("wizard.lookup", _anchor=f"reference={reference}") if reference else None
    return policy_url, result_url


def _billing(mapped, policy) -> dict:
    # the code as the version that judges prints it: the claim is billed under these words, not the EHR's label
    return {"system": mapped.billing["system"], "code": mapped.billing["code"],
            "display": policy.code(mapped.billing["code"]).descriptor}


def _answer(resource: dict, mapped, hook_request) -> tuple[dict, dict | None]:
    # the DTR service builds on this one's coverage information, so it is imported once both are loaded
    from ..dtr.determination import doc_needed, info_needed
    from ..dtr.routes import questionnaire_for
    gettext = translator(LANGUAGE)
    try:
        answers = parse_answers(mapped.answers)
    except AnswerErrors as error:
        # only the state can be missing here: the policy cannot be applied without it
        log.info("hook service not judged", extra={"fields": {"missing": sorted(error.errors)}})
        date = mapped.answers.get("date_of_service")
        policy = policy_for(dt.date.fromisoformat(date) if date else dt.date.today())
        billing = _billing(mapped, policy)
        words = {"system": respond.SYSTEM_NAMES[billing["system"]], "code": billing["code"]}
        summary = gettext(respond.SUMMARY_NO_STATE) % words
        # DTR asks for the state, and the rest the request does not say
        questionnaire = questionnaire_for(policy)
        card = respond.card(outcome="needs_review", summary=summary, label=current_app.config["CRD_SOURCE_LABEL"],
                            detail_text=gettext(respond.NO_STATE) + "\n\n" + gettext(respond.DTR_OFFER) % {
                                "questionnaire": questionnaire}, links=_launch(questionnaire, resource, hook_request))
        return card, _action(resource, hook_request, outcome="needs_review", billing=billing, reference=None,
                             info_needed=mapped.info_needed, reason=gettext(respond.NO_STATE), summary=summary,
                             doc_needed=["admin"], questionnaire=questionnaire)
    policy = policy_for(answers.date_of_service)  # the version in effect on the date of service, as reviewed
    billing = _billing(mapped, policy)
    words = {"system": respond.SYSTEM_NAMES[billing["system"]], "code": billing["code"]}
    # made and serialized once per distinct answers, policy and language, as the API's are (an EHR sends the
    # same orders again and again); with no day of the check, since a hook is called before the care it is
    # about (an order signed, an appointment booked): what it orders could still be otherwise
    made = shown_once(answers, policy, LANGUAGE, None)
    shown = made.data
    reference = save_determination(shown, source="crd", language=LANGUAGE, shown_json=made.text, policy=policy)
    policy_url, result_url = _urls(reference)
    outcome = shown["outcome"]
    pa_needed = current_app.config["CRD_PA_NEEDED"]
    # where an answer is not known, the EHR's DTR can ask it: the questionnaire of the version that decided
    documentation = doc_needed(shown)
    questionnaire = questionnaire_for(policy) if documentation else None
    detail = respond.detail(shown, billing, mapped.icd10, not_known=mapped.not_known, questionnaire=questionnaire,
                            pa_silent=pa_needed == "conditional" and outcome != "likely_not_covered",
                            has_coverage=_coverage_of(resource, hook_request) is not None, policy_url=policy_url,
                            gettext=gettext, release=ICD10_RELEASE, policy_names_no_codes=POLICY_NAMES_NO_CODES,
                            partial_date=mapped.partial_date)
    summary = gettext(respond.SUMMARY if reference else respond.SUMMARY_UNSAVED) % {
        **words, "outcome": shown["outcome_label"].lower(), "reference": reference}
    links = _launch(questionnaire, resource, hook_request) + respond.policy_links(shown, policy_url, gettext)
    if result_url:
        links.append({"label": gettext(respond.RESULT_LINK) % {"reference": reference}, "url": result_url,
                      "type": "absolute"})
    card = respond.card(outcome=outcome, summary=summary, detail_text=detail,
                        label=current_app.config["CRD_SOURCE_LABEL"], links=links)
    # info-needed as DTR names it from the determination (a peer certificate for coaching is the performer's
    # to settle, as an unknown credential is), with the request's own gaps (no date: timeframe)
    needed = list(dict.fromkeys(mapped.info_needed + info_needed(shown)))
    return card, _action(resource, hook_request, outcome=outcome, billing=billing, reference=reference,
                         info_needed=needed, reason=respond.reason(shown, pa_needed, gettext), summary=summary,
                         doc_needed=documentation, questionnaire=questionnaire)


def _launch(questionnaire: str | None, resource: dict, hook_request) -> list[dict]:
    """The link to launch the operator's DTR app (DTR_LAUNCH_URL) on a card naming a questionnaire; none unless
    it is set, since CRD 2.x launches DTR from the coverage information alone."""
    launch_url = current_app.config["DTR_LAUNCH_URL"]
    if not launch_url or not questionnaire:
        return []
    return [respond.dtr_launch(launch_url, translator(LANGUAGE)(respond.DTR_LAUNCH), questionnaire, resource,
                               hook_request.coverage)]


def _coverage_of(resource: dict, hook_request) -> dict | None:
    """The member's Coverage as prefetched; without one, the first Coverage the order names in `insurance`, by
    its id alone (nothing is fetched): CRD's coverage-information needs no more than "Coverage/{id}"."""
    if hook_request.coverage is not None:
        return hook_request.coverage
    for named in resource.get("insurance") or ():
        if id_ := id_in(named.get("reference") if isinstance(named, dict) else None, "Coverage"):
            return {"resourceType": "Coverage", "id": id_}
    return None


def _action(resource: dict, hook_request, *, outcome, billing, reference, info_needed, reason, summary,
            doc_needed=(), questionnaire=None) -> dict | None:
    """The update carrying the coverage-information extension; none without a Coverage (CRD requires one)."""
    coverage = _coverage_of(resource, hook_request)
    if coverage is None:
        return None
    # with nothing saved, the hook call itself is the trace: its hookInstance and the resource
    trace = reference or f"{hook_request.hook_instance[:64]}/{resource.get('resourceType')}/{resource.get('id', '')}"
    extension = respond.coverage_information(
        outcome=outcome, coverage=coverage, billing=billing, reference=trace, info_needed=info_needed,
        pa_needed=current_app.config["CRD_PA_NEEDED"], today=dt.date.today(), reason=reason, doc_needed=doc_needed,
        questionnaire=questionnaire)
    # the order was parsed whole on its way in, and the extension is this service's own (every response
    # is parsed with fhir.resources in the tests): nothing here to parse again on every call
    return {"type": "update", "description": summary, "resource": respond.annotated(resource, extension)}

