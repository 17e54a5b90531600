"""Discovery and the hook calls: each A015-coded order or appointment judged, saved, and answered."""
from __future__ import annotations

import datetime as dt
import logging

from flask import current_app, jsonify, request, url_for

from ..coverage.answers import AnswerErrors, parse_answers
from ..coverage.engine import evaluate
from ..coverage.fhir_answers import map_request
from ..coverage.icd10 import ICD10_RELEASE, POLICY_NAMES_NO_CODES
from ..i18n import translator
from ..in_force import policy_for
from ..storage.service import record
from . import bp, respond
from .hook import HookError, parse_hook_request, validate_resource
from .services import SERVICE_IDS, discovery
from .trust import Untrusted, verify

log = logging.getLogger("coverage_check.crd")
LANGUAGE = "en"  # CDS Hooks carries no reader's language; cards are in English


def _json_error(status: int, errors: dict):
    return jsonify({"errors": errors}), status


def _audiences(service_id: str) -> set[str]:
    # the URL the EHR called, and the public one when a proxy stands in front (CRD_AUDIENCE)
    found = {request.base_url}
    for base in filter(None, (b.strip().rstrip("/") for b in current_app.config["CRD_AUDIENCE"].split(","))):
        found |= {base, f"{base}/{service_id}"}
    return found


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
    data = request.get_json(force=True, silent=True)
    if data is None:
        return _json_error(400, {"body": "The body is not valid JSON"})
    try:
        hook_request = parse_hook_request(data, SERVICE_IDS[service_id])
    except HookError as error:
        return _json_error(400, error.errors)
    cards, actions = [], []
    wants_coverage_info = hook_request.configuration.get("coverage-info", True) is not False
    for resource in hook_request.requests:
        answered = _answer(resource, hook_request)
        if answered is None:
            continue  # a service A015 does not cover: no card, no action
        card, action = answered
        cards.append(card)
        if action and wants_coverage_info:
            actions.append(action)
    max_cards = hook_request.configuration.get("max-cards")
    if isinstance(max_cards, int) and not isinstance(max_cards, bool) and max_cards >= 0:
        cards = cards[:max_cards]
    # cards may be empty (no guidance); systemActions, optional, is left out rather than sent empty
    return jsonify({"cards": cards, **({"systemActions": actions} if actions else {})})


def _urls(reference: str | None) -> tuple[str, str | None]:
    policy_url = url_for("wizard.policy_page", policy_id="A015", _external=True)
    # the reference after the "#": a browser keeps it, no server or proxy log ever sees it
    result_url = url_for("wizard.lookup", _external=True, _anchor=f"reference={reference}") if reference else None
    return policy_url, result_url


def _answer(resource: dict, hook_request) -> tuple[dict, dict | None] | None:
    # the DTR service builds on this one's coverage information, so it is imported once both are loaded
    from ..dtr.determination import doc_needed
    from ..dtr.routes import questionnaire_for
    mapped = map_request(resource, hook_request.resources, hook_request.performer)
    if mapped is None:
        return None
    gettext = translator(LANGUAGE)
    policy = current_app.extensions["policy"]
    # the code as the policy prints it: the claim is to be billed under these words, not the EHR's label
    billing = {"system": mapped.billing["system"], "code": mapped.billing["code"],
               "display": policy.code(mapped.billing["code"]).descriptor}
    words = {"system": respond.SYSTEM_NAMES[billing["system"]], "code": billing["code"]}
    try:
        answers = parse_answers(mapped.answers)
    except AnswerErrors as error:
        # only the state can be missing here: the policy cannot be applied without it
        log.info("hook service not judged", extra={"fields": {"missing": sorted(error.errors)}})
        summary = gettext(respond.SUMMARY_NO_STATE) % words
        # DTR asks for the state, and the rest the request does not say
        dated = mapped.answers.get("date_of_service")
        questionnaire = questionnaire_for(current_app.extensions["policies"].deciding(
            dt.date.fromisoformat(dated) if dated else dt.date.today()))
        card = respond.card(outcome="needs_review", summary=summary, label=current_app.config["CRD_SOURCE_LABEL"],
                            detail_text=gettext(respond.NO_STATE) + "\n\n" + gettext(respond.DTR_OFFER) % {
                                "questionnaire": questionnaire}, links=[])
        return card, _action(resource, hook_request, outcome="needs_review", billing=billing, reference=None,
                             info_needed=mapped.info_needed, reason=gettext(respond.NO_STATE), summary=summary,
                             doc_needed=["admin"], questionnaire=questionnaire)
    policy = policy_for(answers.date_of_service)  # the version in effect on the date of service, as reviewed
    shown = evaluate(answers, policy, gettext=gettext, language=LANGUAGE).to_dict()
    reference = record(shown, source="crd", language=LANGUAGE, policy=policy)
    policy_url, result_url = _urls(reference)
    outcome = shown["outcome"]
    pa_needed = current_app.config["CRD_PA_NEEDED"]
    # where an answer is not known, the EHR's DTR can ask it: the questionnaire of the version that decided
    documentation = doc_needed(shown)
    questionnaire = questionnaire_for(policy) if documentation else None
    detail = respond.detail(shown, billing, mapped.icd10, info_needed=mapped.info_needed, questionnaire=questionnaire,
                            pa_silent=pa_needed == "conditional" and outcome != "likely_not_covered",
                            has_coverage=hook_request.coverage is not None, policy_url=policy_url, gettext=gettext,
                            release=ICD10_RELEASE, policy_names_no_codes=POLICY_NAMES_NO_CODES)
    summary = gettext(respond.SUMMARY if reference else respond.SUMMARY_UNSAVED) % {
        **words, "outcome": shown["outcome_label"].lower(), "reference": reference}
    links = respond.policy_links(shown, policy_url, gettext)
    if result_url:
        links.append({"label": gettext(respond.RESULT_LINK) % {"reference": reference}, "url": result_url,
                      "type": "absolute"})
    card = respond.card(outcome=outcome, summary=summary, detail_text=detail,
                        label=current_app.config["CRD_SOURCE_LABEL"], links=links)
    return card, _action(resource, hook_request, outcome=outcome, billing=billing, reference=reference,
                         info_needed=mapped.info_needed, reason=respond.reason(shown, pa_needed, gettext), summary=summary,
                         doc_needed=documentation, questionnaire=questionnaire)


def _action(resource: dict, hook_request, *, outcome, billing, reference, info_needed, reason, summary,
            doc_needed=(), questionnaire=None) -> dict | None:
    """The update carrying the coverage-information extension; none without a Coverage (CRD requires one)."""
    if hook_request.coverage is None:
        return None
    # with nothing saved, the hook call itself is the trace: its hookInstance and the resource
    trace = reference or f"{hook_request.hook_instance[:64]}/{resource.get('resourceType')}/{resource.get('id', '')}"
    extension = respond.coverage_information(
        outcome=outcome, coverage=hook_request.coverage, billing=billing, reference=trace, info_needed=info_needed,
        pa_needed=current_app.config["CRD_PA_NEEDED"], today=dt.date.today(), reason=reason, doc_needed=doc_needed,
        questionnaire=questionnaire)
    updated = validate_resource(respond.annotated(resource, extension), "systemActions.resource")
    return {"type": "update", "description": summary, "resource": updated}

