"""A determination as CRD gives it: the coverage-information extension on the resource, and a card.

covered | not-covered | conditional come from likely_covered | likely_not_covered | needs_review.
No Flask here: the URLs and the gettext come from the view.
"""
from __future__ import annotations

import datetime as dt
import json
import uuid

from .code_systems import SYSTEMS
from ..coverage.texts import N_
from ..coverage.vocabulary import STATUSES

COVERAGE_INFORMATION = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information"
CARD_TYPES = "http://terminology.hl7.org/CodeSystem/cdshooks-card-type"
COVERED = {"likely_covered": "covered", "likely_not_covered": "not-covered", "needs_review": "conditional"}
INDICATOR = {"likely_covered": "info", "likely_not_covered": "warning", "needs_review": "warning"}
SYSTEM_NAMES = {system.canonical.uri: system.name for system in SYSTEMS}  # the billing code is always canonical
PA_CODES = ("no-auth", "auth-needed", "performpa", "conditional")
SUMMARY_LIMIT = 140

SUMMARY = N_("A015 %(outcome)s: %(system)s %(code)s. Reference %(reference)s")
SUMMARY_UNSAVED = N_("A015 %(outcome)s: %(system)s %(code)s. No reference could be saved")
SUMMARY_NO_STATE = N_("A015 needs the state: %(system)s %(code)s was not judged")
NO_STATE = N_("The request does not say in which state the service is given: send the performer's Location or "
              "Organization with its address. No determination was made.")
HEADING = N_("Under A015, %(title)s (effective %(effective)s), for %(system)s %(code)s: **%(outcome)s**.")
STATUS = STATUSES["card"]
WOULD_CHANGE = N_("What would make it likely covered:")
# each code line: listed in the policy or not, and its own conditions on the answers (the API's true, false, null)
CODES_LINES = N_("Codes, each judged as the code for this service:")
LISTED = {True: N_("listed in A015"), False: N_("not listed in A015")}
ELIGIBLE = {True: N_("eligible: its conditions under A015 are met on the request"),
            False: N_("not eligible: its conditions under A015 are not met on the request"),
            None: N_("eligibility not known: whether its conditions under A015 are met cannot be told from the request")}
CODES_HEADING = N_("Diagnosis codes in the request (%(release)s):")
NO_CODES = N_("The request holds no ICD-10-CM diagnosis code, so the diagnosis is unknown.")
NOT_GIVEN = N_("Not known from the request, so judged as not known: %(items)s.")
ANSWER_NAMES = {"diagnosis": N_("the diagnosis"), "credential": N_("the provider's credential"),
                "state": N_("the state"), "setting": N_("the setting"), "delivery": N_("the delivery"),
                "session": N_("the session (initial or follow-up)"), "minutes": N_("the minutes"),
                "date_of_service": N_("the date of service (today's date was used)")}
PARTIAL_DATE = N_("The date of service was given only as \"%(given)s\", so it is judged as its first day, "
                  "%(date)s.")
NO_COVERAGE = N_("No Coverage resource came with the request, so no coverage information was added to the order.")
PA_SILENT = N_("A015 says nothing about prior authorization: the member's plan decides.")
DTR_OFFER = N_("The EHR's DTR can ask what the request did not say, on questionnaire %(questionnaire)s, and give "
               "the determination without leaving the EHR.")
POLICY_LINK = N_("A015, %(section)s: \"%(quote)s\"")
RESULT_LINK = N_("Saved result %(reference)s")
DTR_LAUNCH = N_("Answer the A015 questions in DTR")


def local_reference(resource: dict | None) -> str | None:
    """"Coverage/COV1": a resource as the EHR that sent it knows it; None for one sent without an id."""
    if resource and isinstance(resource.get("id"), str) and resource["id"]:
        return f"{resource['resourceType']}/{resource['id']}"
    return None


def coverage_reference(coverage: dict) -> dict:
    return {"reference": f"Coverage/{coverage['id']}"} if coverage.get("id") else {"display": "Coverage"}


def coverage_information(*, outcome: str, coverage: dict, billing: dict | None, reference: str, info_needed: list[str],
                         pa_needed: str, today: dt.date, reason: str | None, doc_needed: list[str] = (),
                         questionnaire: str | None = None) -> dict:
    """The extension, obeying crd-ci-q1 to q5: no pa-needed when not covered, info-needed iff conditional,
    a questionnaire only with doc-needed."""
    covered = COVERED[outcome]
    parts = [{"url": "coverage", "valueReference": coverage_reference(coverage)},
             {"url": "covered", "valueCode": covered}]
    if covered != "not-covered" and pa_needed in PA_CODES:
        parts.append({"url": "pa-needed", "valueCode": pa_needed})
    parts += [{"url": "doc-needed", "valueCode": code} for code in dict.fromkeys(doc_needed)]
    conditional = covered == "conditional" or (covered != "not-covered" and pa_needed == "conditional")
    if conditional:
        # "OTH": what is missing is not who, where or when, or the plan's own rules must say (prior authorization)
        needed = list(dict.fromkeys(info_needed))
        if not needed or pa_needed == "conditional":
            needed.append("OTH")
        parts += [{"url": "info-needed", "valueCode": code} for code in dict.fromkeys(needed)]
    if billing:
        parts.append({"url": "billingCode", "valueCoding": billing})
    if reason:
        parts.append({"url": "reason", "valueCodeableConcept": {"text": reason}})
    if questionnaire and doc_needed:
        parts.append({"url": "questionnaire", "valueCanonical": questionnaire})
    parts += [{"url": "date", "valueDate": today.isoformat()},
              {"url": "coverage-assertion-id", "valueString": reference}]
    return {"url": COVERAGE_INFORMATION, "extension": parts}


def reason(shown: dict, pa_needed: str, gettext) -> str | None:
    """Why the answer is not simply 'covered': the reasons not met or unknown, and the policy's silence on PA."""
    texts = [r["text"] for r in shown["reasons"] if r["status"] != "met"]
    if pa_needed == "conditional" and shown["outcome"] != "likely_not_covered":
        texts.append(gettext(PA_SILENT))
    return " ".join(texts) or None


def annotated(resource: dict, extension: dict) -> dict:
    """The resource as sent, with our extension in place of an earlier one for the same Coverage."""
    # a new dict with a new extension list: nothing nested is changed, so nothing of the order is copied
    updated = dict(resource)
    coverage = extension["extension"][0]["valueReference"]
    kept = [e for e in updated.get("extension") or () if not (
        isinstance(e, dict) and e.get("url") == COVERAGE_INFORMATION
        and any(p.get("url") == "coverage" and p.get("valueReference") == coverage for p in e.get("extension") or ()))]
    updated["extension"] = kept + [extension]
    return updated


def _quote_lines(citations, policy_url: str) -> list[str]:
    return [f'  > "{c["quote"]}" ([A015, {c["section"]}]({policy_url}#{c["anchor"]}))' for c in citations]


def detail(shown: dict, billing: dict, icd10, *, not_known, pa_silent: bool, has_coverage: bool,
           policy_url: str, gettext, release: str, policy_names_no_codes: str, questionnaire: str | None = None,
           partial_date: str | None = None) -> str:
    """The card's Markdown: the outcome, each reason with its verbatim quotes, the codes, and exactly the
    answers the request left unknown (`not_known`, Mapped.not_known)."""
    policy = shown["policy"]
    lines = [gettext(HEADING) % {"title": policy["title"], "effective": policy["effective_date"],
                                 "system": SYSTEM_NAMES[billing["system"]], "code": billing["code"],
                                 "outcome": shown["outcome_label"]}, ""]
    for reason in shown["reasons"]:
        lines.append(f"- **{gettext(STATUS[reason['status']])}**: {reason['text']}")
        lines += _quote_lines(reason["citations"], policy_url)
    for warning in shown["warnings"]:
        lines.append(f"- {warning['text']}")
        lines += _quote_lines(warning["citations"], policy_url)
    if shown["codes"]:
        lines += ["", gettext(CODES_LINES)]
        lines += [f"- {line['system']} {line['code']} ({gettext(LISTED[line['listed']])}): "
                  f"{gettext(ELIGIBLE[line['eligible']])}" for line in shown["codes"]]
    if shown["what_would_change"]:
        lines += ["", gettext(WOULD_CHANGE)] + [f"- {way['text']}" for way in shown["what_would_change"]]
    lines.append("")
    if icd10:
        lines.append(gettext(CODES_HEADING) % {"release": release})
        lines += [f"- {code.note(gettext)}" for code in icd10]
    else:
        lines.append(gettext(NO_CODES))
    lines += [gettext(policy_names_no_codes), ""]
    if not_known:
        items = ", ".join(gettext(ANSWER_NAMES[name]) for name in not_known)
        lines += [gettext(NOT_GIVEN) % {"items": items}, ""]
    if partial_date:
        lines += [gettext(PARTIAL_DATE) % {"given": partial_date, "date": shown["answers"]["date_of_service"]}, ""]
    if questionnaire:
        lines += [gettext(DTR_OFFER) % {"questionnaire": questionnaire}, ""]
    if pa_silent:
        lines += [gettext(PA_SILENT), ""]
    if not has_coverage:
        lines += [gettext(NO_COVERAGE), ""]
    lines.append(f"*{shown['disclaimer']['text']}*")
    return "\n".join(lines)


def card(*, outcome: str, summary: str, detail_text: str, label: str, links: list[dict]) -> dict:
    shown = {"uuid": str(uuid.uuid4()), "summary": summary[:SUMMARY_LIMIT - 1], "indicator": INDICATOR.get(outcome, "warning"),
             "detail": detail_text,
             "source": {"label": label, "topic": {"system": CARD_TYPES, "code": "coverage-info",
                                                  "display": "Coverage Information"}}}
    if links:  # CDS Hooks: an optional array is left out rather than sent empty
        shown["links"] = links
    return shown


def dtr_launch(launch_url: str, label: str, questionnaire: str, order: dict, coverage: dict | None) -> dict:
    """A SMART link to the DTR app the operator names, its appContext (escaped JSON) with the fields DTR 1.1.0-ballot
    gave a launch from CRD, each 0..*: the questionnaire's canonical with its version, the order and the coverage
    as the EHR's local references."""
    context = {"questionnaire": [questionnaire]}
    for name, resource in (("order", order), ("coverage", coverage)):
        if reference := local_reference(resource):
            context[name] = [reference]
    return {"label": label, "url": launch_url, "type": "smart", "appContext": json.dumps(context)}


def policy_links(shown: dict, policy_url: str, gettext) -> list[dict]:
    """One link per policy sentence the reasons quote, the first ones first, with no repeats."""
    seen, links = set(), []
    for reason in shown["reasons"]:
        for citation in reason["citations"]:
            if citation["anchor"] in seen:
                continue
            seen.add(citation["anchor"])
            quote = citation["quote"] if len(citation["quote"]) <= 60 else citation["quote"][:59] + "…"
            links.append({"label": gettext(POLICY_LINK) % {"section": citation["section"], "quote": quote},
                          "url": f"{policy_url}#{citation['anchor']}", "type": "absolute"})
    return links[:4]
