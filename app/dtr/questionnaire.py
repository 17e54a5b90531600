"""The A015 Questionnaire (FHIR R4, Da Vinci DTR), built from the wizard's own questions and flow.

Each item is a question of app/wizard/questions.py in the office's words, its choices Codings of our
code system whose codes are the answers' own values, "Not known yet" among them. Where the flow
branches (`applies` in app/wizard/flow.py) the item has enableWhen; tests/test_dtr.py proves the two
agree for every answer. Each item's help quotes the words of the policy version it is built from, with
their anchors and a link to /policy/A015#anchor; the numbers in it come from that version's codes.
One Questionnaire per policy version. No Flask here: the URLs and the gettext come from the view.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from typing import Callable

from ..coverage.answers import MAX_MINUTES, MIN_MINUTES, SERVICES, STATES
from ..coverage.policy import FACE_TO_FACE, INDIVIDUAL, MINIMUM, Citation, Policy
from ..crd.respond import POLICY_LINK
from ..i18n import N_
from ..wizard.flow import NOT_SURE, QUESTIONS as ORDER
from ..wizard.questions import QUESTIONS, choices_for, pick

AUDIENCE = "provider"  # DTR is filled in by an office: the office's words
QUESTIONNAIRE_ID = "a015"
ADAPTIVE_ID = "a015-adaptive"
USPS = "https://www.usps.com/"
UCUM = "http://unitsofmeasure.org"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_CODES = "http://hl7.org/fhir/questionnaire-item-control"
SUPPORT_LINK = "http://hl7.org/fhir/StructureDefinition/questionnaire-supportLink"
RENDERING_XHTML = "http://hl7.org/fhir/StructureDefinition/rendering-xhtml"
ADAPTIVE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive"
UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
DTR = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/"  # the DTR guide's profiles and extensions
STANDARD_PROFILES = [DTR + "dtr-std-questionnaire", DTR + "dtr-questionnaire-adapt-search"]
ADAPTIVE_PROFILE = DTR + "dtr-questionnaire-adapt"

TYPES = {"minutes": "integer", "date_of_service": "date"}  # every other question is a choice
OPTIONAL = ("minutes",)  # left blank, the length is not known: as the wizard's "I'm not sure"
# where the flow branches, as enableWhen: how the conditions combine ("all" or "any"), and each condition
# (question, operator, answer)
ENABLE_WHEN = {
    "group": ("all", (("service", "=", "coaching"),)),
    # unless the coaching is in a group: one-on-one, or not sure (group is asked of coaching alone)
    "session": ("any", (("group", "=", "individual"), ("group", "=", "unknown"))),
    # peer support, or coaching that is not a first visit: a first one-on-one visit has no minimum length
    "minutes": ("all", (("service", "exists", True), ("session", "!=", "initial"))),
}

TITLE = N_("%(id)s, %(title)s: coverage questions")
DESCRIPTION = N_("The questions %(id)s turns on, as an office answers them, each with the policy's words it "
                 "rests on. Asked one at a time through $next-question, they end in a determination with a "
                 "reference number.")
# the wizard words these by service; the whole form, asked before the service is known, needs one wording
NEUTRAL_TITLES = {"minutes": N_("How long is the session, in minutes?")}
# the wizard's hints for these name a number or the wizard's own date boxes: the form says its own
HINTS = {"minutes": N_("In minutes. Leave it blank when the length is not known yet."),
         "date_of_service": N_("The version of A015 in effect on the date of service applies.")}


@dataclass(frozen=True)
class Site:
    """Where the resources point: the FHIR base URL, the policy page, who publishes, and the words."""
    base: str  # .../fhir, no trailing slash
    policy_url: str  # .../policy/A015
    publisher: str
    gettext: Callable[[str], str]

    @property
    def canonical(self) -> str:
        return f"{self.base}/Questionnaire/{QUESTIONNAIRE_ID}"

    @property
    def answers_system(self) -> str:
        return f"{self.base}/CodeSystem/a015-answers"

    def versioned(self, policy: Policy) -> str:
        return f"{self.canonical}|{policy.effective_date.isoformat()}"


def options(name: str, service: str | None) -> list[tuple[str, str]]:
    """(value, label) of each answer a question offers, in the order the wizard shows them."""
    if name == "state":
        return list(STATES.items())
    question = QUESTIONS[name]
    return [(c.value, str(c.label.for_audience(AUDIENCE))) for c in choices_for(question, service)]


def labels(name: str) -> dict[str, str]:
    """Every value a question can be answered with, whatever the service, and its label."""
    if name == "state":
        return dict(STATES)
    return {c.value: str(c.label.for_audience(AUDIENCE)) for c in QUESTIONS[name].choices}


def coding(site: Site, name: str, value: str) -> dict:
    found = {"system": USPS if name == "state" else site.answers_system, "code": value}
    label = labels(name).get(value)
    return found | ({"display": label} if label else {})


def title(site: Site, name: str, service: str | None) -> str:
    question = QUESTIONS[name]
    if service is None and isinstance(question.title, dict):
        said = {str(pick(question.title, AUDIENCE, s)) for s in SERVICES}
        if len(said) > 1:
            return site.gettext(NEUTRAL_TITLES[name])
    return str(pick(question.title, AUDIENCE, service))


def citations(policy: Policy, name: str, service: str | None) -> tuple[Citation, ...]:
    """The policy words a question turns on, for one service or (None) for either."""
    def codes(which: str, having: str | None = None):
        """The service's codes the policy prints (only those are its words), those with `having` set if named."""
        return [c for c in policy.codes if c.listed and c.service == which
                and (having is None or getattr(c, having) is not None)]

    both = (service,) if service else SERVICES
    coaching, peer = "coaching" in both, "peer_support" in both
    if name == "credential":
        return (policy.cite("credential") + policy.cite("state_regulations")
                + (policy.cite("coach_certification") + policy.cite("coach_background") if coaching else ())
                + (policy.cite("peer_certification") if peer else ()))
    if name == "state":
        return policy.cite("credential") + policy.cite("state_regulations")
    if name == "group":
        return tuple(policy.cite_code(c, INDIVIDUAL) for c in codes("coaching") if c.says(INDIVIDUAL)) \
            + policy.cite("codes_not_all_inclusive")
    if name == "session":
        return tuple(policy.cite_code(c) for c in codes("coaching", "session"))
    if name == "minutes":
        # the minimum as the code's own row prints it, its number read from this version's data
        return (tuple(policy.cite_code(c, MINIMUM) for c in codes("coaching", "min_minutes") if coaching)
                + tuple(policy.cite_code(c) for c in codes("peer_support") if peer))
    if name == "delivery":
        return (tuple(policy.cite_code(c, FACE_TO_FACE) for c in codes("coaching") if coaching and c.face_to_face)
                + tuple(policy.cite_code(c) for c in codes("peer_support") if peer))
    return policy.cite({"date_of_service": "effective_date"}.get(name, name))


def quote_line(site: Site, citation: Citation) -> tuple[str, str]:
    """A quote as a line of text and as XHTML: 'A015, Section: "words"', linked to its sentence."""
    said = site.gettext(POLICY_LINK) % {"section": citation.section, "quote": citation.quote}
    url = f"{site.policy_url}#{citation.anchor}"
    return f"{said} ({url})", f'<p><a href="{escape(url)}">{escape(said)}</a></p>'


def xhtml_div(body: str) -> str:
    return f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'


def rendered(xhtml: str) -> dict:
    """The XHTML a text is shown as (rendering-xhtml), for its `_text`."""
    return {"extension": [{"url": RENDERING_XHTML, "valueString": xhtml_div(xhtml)}]}


def with_quotes(site: Site, lines: list[str], quoted) -> tuple[str, str]:
    """The lines, then each quote with its link: as text, a line each, and as XHTML, a paragraph each."""
    quotes = [quote_line(site, c) for c in quoted]
    text = "\n".join(lines + [plain for plain, _xhtml in quotes])
    return text, "".join(f"<p>{escape(line)}</p>" for line in lines) + "".join(x for _plain, x in quotes)


def help_item(site: Site, link_id: str, lines: list[str], quoted: tuple[Citation, ...]) -> dict:
    """A display item shown as help (itemControl "help"): the lines, then each quote with its link."""
    text, xhtml = with_quotes(site, lines, quoted)
    return {"linkId": link_id, "type": "display", "text": text, "_text": rendered(xhtml),
            "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": {
                "coding": [{"system": ITEM_CONTROL_CODES, "code": "help", "display": "Help-Button"}]}}]}


def _hint_lines(site: Site, name: str, service: str | None) -> list[str]:
    question = QUESTIONS[name]
    hint = site.gettext(HINTS[name]) if name in HINTS else pick(question.hint, AUDIENCE, service)
    lines = [str(hint)] if hint else []
    for choice in choices_for(question, service):
        said = choice.hint.for_audience(AUDIENCE) if choice.hint else None
        if said:
            lines.append(f"{choice.label.for_audience(AUDIENCE)}: {said}")
    return lines


def _enable_when(site: Site, name: str) -> dict:
    def answer(question, value):
        if isinstance(value, bool):
            return {"answerBoolean": value}
        return {"answerCoding": coding(site, question, value)}
    behavior, given = ENABLE_WHEN[name]
    conditions = [{"question": q, "operator": op, **answer(q, value)} for q, op, value in given]
    return {"enableWhen": conditions, **({"enableBehavior": behavior} if len(conditions) > 1 else {})}


def question_item(site: Site, policy: Policy, name: str, service: str | None, standard: bool) -> dict:
    """One question: its text, type, choices and help; enableWhen only in the whole (standard) form."""
    kind = TYPES.get(name, "choice")
    quoted = citations(policy, name, service)
    item = {"linkId": name, "text": title(site, name, service), "type": kind, "required": name not in OPTIONAL}
    extensions = [{"url": SUPPORT_LINK, "valueUri": url}
                  for url in dict.fromkeys(f"{site.policy_url}#{c.anchor}" for c in quoted)]
    if name == "state":
        extensions.append({"url": ITEM_CONTROL, "valueCodeableConcept": {
            "coding": [{"system": ITEM_CONTROL_CODES, "code": "drop-down", "display": "Drop down"}]}})
    if name == "minutes":
        extensions += [{"url": UNIT, "valueCoding": {"system": UCUM, "code": "min", "display": "min"}},
                       {"url": MIN_VALUE, "valueInteger": MIN_MINUTES}, {"url": MAX_VALUE, "valueInteger": MAX_MINUTES}]
    item["extension"] = extensions
    if standard and name in ENABLE_WHEN:
        item.update(_enable_when(site, name))
    if kind == "choice":
        item["answerOption"] = [{"valueCoding": coding(site, name, value)} for value, _label in options(name, service)]
    item["item"] = [help_item(site, f"{name}.help", _hint_lines(site, name, service), quoted)]
    return item


def narrative(*paragraphs: str) -> dict:
    return {"status": "generated", "div": xhtml_div("".join(f"<p>{escape(p)}</p>" for p in paragraphs))}


def _title_and_description(site: Site, policy: Policy) -> tuple[str, str]:
    names = {"id": policy.id, "title": policy.title}
    return site.gettext(TITLE) % names, site.gettext(DESCRIPTION) % names


def ends(versions, policy: Policy) -> dt.date | None:
    """The last day a version is in effect: the day before the next one's effective date (None: no next)."""
    later = [p.effective_date for p in versions if p.effective_date > policy.effective_date]
    return min(later) - dt.timedelta(days=1) if later else None


def questionnaire(site: Site, policy: Policy, until: dt.date | None) -> dict:
    """The whole Questionnaire of a policy version: every question, with enableWhen where the flow branches."""
    version = policy.effective_date.isoformat()
    name, description = _title_and_description(site, policy)
    return {
        "resourceType": "Questionnaire", "id": f"{QUESTIONNAIRE_ID}-{version}", "meta": {"profile": STANDARD_PROFILES},
        "text": narrative(name, description),
        "extension": [{"url": ADAPTIVE, "valueUrl": site.base}],  # where $next-question is asked
        "url": site.canonical, "version": version, "name": "A015Questionnaire", "title": name, "status": "active",
        "subjectType": ["Patient"], "date": version, "publisher": site.publisher, "description": description,
        "effectivePeriod": {"start": version, **({"end": until.isoformat()} if until else {})},
        "item": [question_item(site, policy, question, None, standard=True) for question in ORDER],
    }


def adaptive(site: Site, policy: Policy, items: list[dict]) -> dict:
    """The Questionnaire contained in an adaptive QuestionnaireResponse: the questions asked so far."""
    name, description = _title_and_description(site, policy)
    return {"resourceType": "Questionnaire", "id": ADAPTIVE_ID, "meta": {"profile": [ADAPTIVE_PROFILE]},
            "text": narrative(name, description), "extension": [{"url": ADAPTIVE, "valueUrl": site.base}],
            "derivedFrom": [site.versioned(policy)], "name": "A015QuestionnaireAdaptive", "title": name,
            "status": "active", "subjectType": ["Patient"], "item": items}


__all__ = ["ADAPTIVE_ID", "ENABLE_WHEN", "NOT_SURE", "ORDER", "Site", "adaptive", "citations", "coding", "ends",
           "labels", "options", "question_item", "questionnaire"]
