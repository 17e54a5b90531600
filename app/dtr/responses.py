"""A QuestionnaireResponse read back: the version it was given on, the questions asked, and their answers as
the wizard keeps them; and the items of one to give back.

A question asked and left unanswered is "not sure", exactly as the wizard's "I'm not sure": the engine judges
it as every answer it could be. Only the service and the state have no such answer; left blank, they are asked
for again with a 422. Every problem is a DtrError naming its place. No Flask here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..coverage.answers import MAX_MINUTES, MIN_MINUTES
from ..coverage.answers import REQUIRED as ENGINE_REQUIRED
from ..coverage.policy import Policy
from ..wizard.flow import NOT_SURE, applies
from .outcome import DtrError
from .questionnaire import DTR, ORDER, TYPES, USPS, Site, coding, labels, question_item

RESPONSE_PROFILE = DTR + "dtr-questionnaireresponse"
ADAPTIVE_RESPONSE_PROFILE = DTR + "dtr-questionnaireresponse-adapt"
CONTEXT = DTR + "qr-context"
INTENDED_USE = DTR + "intendedUse"
ORIGIN = DTR + "information-origin"
CRD_CODES = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp"
# the answers support the estimate under A015 kept with the order: "retained within the EHR as supporting evidence"
INTENDED = {"url": INTENDED_USE, "valueCodeableConcept": {"coding": [
    {"system": CRD_CODES, "code": "retain-doc", "display": "Medical necessity"}]}}
AUTO = [{"url": ORIGIN, "extension": [{"url": "source", "valueCode": "auto"}]}]  # filled in, not typed
OURS = "determination"  # the items this service adds when the questions are done
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Read:
    """What a QuestionnaireResponse says."""
    version: Policy | None  # the version its questions were given on; None: not named, the current one
    asked: list[str] | None  # the questions shown; None: the whole (standard) form was
    answers: dict  # the wizard's stored form; NOT_SURE for a question asked and left blank
    items: dict[str, dict] = field(default_factory=dict)  # each question's item as sent
    coverage: str | None = None  # the id of the Coverage in its qr-context


def _fail(where: str, problem: str, status: int = 422, code: str = "processing"):
    raise DtrError(status, code, problem, where)


def value_of(site: Site, name: str, answer, where: str):
    """An answer's value in the wizard's stored form; DtrError when it is not one this question takes."""
    if not isinstance(answer, dict):
        _fail(where, "an answer must be a JSON object")
    kind = TYPES.get(name, "choice")
    if kind == "choice":
        coded = answer.get("valueCoding")
        system = USPS if name == "state" else site.answers_system
        known = labels(name)
        if (not isinstance(coded, dict) or not isinstance(coded.get("code"), str) or coded["code"] not in known
                or coded.get("system", system) != system):
            _fail(where, f"answer {name!r} with a valueCoding of system {system}, code one of: "
                         + ", ".join(known))
        return coded["code"]
    if kind == "integer":
        value = answer.get("valueInteger")
        if isinstance(value, bool) or not isinstance(value, int) or not MIN_MINUTES <= value <= MAX_MINUTES:
            _fail(where, f"answer {name!r} with a valueInteger of minutes from {MIN_MINUTES} to {MAX_MINUTES}, "
                         "or leave it blank when it is not known")
        return value
    value = answer.get("valueDate")
    try:
        if isinstance(value, str) and _DATE.fullmatch(value):
            dt.date.fromisoformat(value)
            return value
    except ValueError:
        pass
    _fail(where, f"answer {name!r} with a valueDate written YYYY-MM-DD")


def _version(site: Site, canonical, library, where: str) -> Policy | None:
    if not isinstance(canonical, str):
        _fail(where, f"name the questionnaire answered: {site.canonical}|<version>")
    url, _, version = canonical.partition("|")
    if url != site.canonical:
        _fail(where, f"{canonical[:120]!r} is not this service's questionnaire, {site.canonical}")
    if not version:
        return None
    found = library.version(version)
    if found is None:
        known = ", ".join(p.effective_date.isoformat() for p in library.versions)
        _fail(where, f"there is no version {version[:20]!r} of this questionnaire (versions: {known})")
    return found


def _contained(qr: dict, reference: str) -> dict:
    for index, resource in enumerate(qr.get("contained") or ()):
        if isinstance(resource, dict) and resource.get("id") == reference[1:]:
            if resource.get("resourceType") != "Questionnaire":
                _fail(f"QuestionnaireResponse.contained[{index}]", "the questionnaire it names is not a Questionnaire")
            return resource
    _fail("QuestionnaireResponse.questionnaire", f"no contained Questionnaire has the id {reference[1:65]!r}")


def _ours(link_id) -> bool:
    return isinstance(link_id, str) and (link_id == OURS or link_id.startswith(OURS + "."))


def _coverage(qr: dict) -> str | None:
    for extension in qr.get("extension") or ():
        if not isinstance(extension, dict) or extension.get("url") != CONTEXT:
            continue
        reference = (extension.get("valueReference") or {}).get("reference")
        if isinstance(reference, str):
            parts = reference.rstrip("/").split("/")
            if len(parts) >= 2 and parts[-2] == "Coverage" and parts[-1]:
                return parts[-1]
    return None


def read(qr: dict, site: Site, library) -> Read:
    """The version, the questions asked and the answers of a QuestionnaireResponse (already valid FHIR)."""
    questionnaire = qr.get("questionnaire")
    asked = None
    if isinstance(questionnaire, str) and questionnaire.startswith("#"):
        contained = _contained(qr, questionnaire)
        derived = contained.get("derivedFrom") or [None]
        version = _version(site, derived[0], library, "Questionnaire.derivedFrom")
        asked = []
        for index, item in enumerate(contained.get("item") or ()):
            link_id = item.get("linkId") if isinstance(item, dict) else None
            if link_id in ORDER:
                asked.append(link_id)
            elif not _ours(link_id):
                _fail(f"Questionnaire.item[{index}]", f"{str(link_id)[:64]!r} is not one of this questionnaire's items")
    else:
        version = _version(site, questionnaire, library, "QuestionnaireResponse.questionnaire")
    answers, items = {}, {}
    for index, item in enumerate(qr.get("item") or ()):
        where = f"QuestionnaireResponse.item[{index}]"
        link_id = item.get("linkId") if isinstance(item, dict) else None
        link_id = link_id if isinstance(link_id, str) else None
        if _ours(link_id):
            continue  # a determination given before: made again from the answers
        if link_id not in ORDER:
            _fail(where, f"{str(link_id)[:64]!r} is not one of this questionnaire's questions")
        if link_id in items:
            _fail(where, f"{link_id!r} is answered twice")
        items[link_id] = item
        given = item.get("answer") or []
        if len(given) > 1:
            _fail(where, f"{link_id!r} takes one answer")
        if given:
            answers[link_id] = value_of(site, link_id, given[0], f"{where}.answer[0]")
    if asked is not None:
        asked = [name for name in ORDER if name in asked or name in answers]
        blank(answers, asked)
    return Read(version, asked, answers, items, _coverage(qr))


def blank(answers: dict, asked) -> None:
    """Each question asked and left blank, as "not sure"; the service and the state must be answered."""
    for name in asked:
        if name in answers:
            continue
        if name in ENGINE_REQUIRED and NOT_SURE not in labels(name):
            # the engine needs it, and it has no "not sure" (the service, the state)
            _fail(f"QuestionnaireResponse.item.where(linkId='{name}')", f"answer {name!r}: nothing can be judged "
                                                                         "without it")
        if name != "date_of_service":  # no date: today's, as everywhere else
            answers[name] = NOT_SURE


def applying(answers: dict) -> dict:
    """The answers to the questions that apply, each judged in the light of the answers before it."""
    kept = {}
    for name in ORDER:
        if name in answers and applies(name, kept):
            kept[name] = answers[name]
    return kept


def next_question(answers: dict, asked: list[str] | None) -> str | None:
    """The first question the flow asks that has not been asked; None when all have been."""
    if asked is None:
        return None
    return next((name for name in ORDER if applies(name, answers) and name not in asked), None)


def whole_form(answers: dict) -> dict:
    """A standard form's answers: every question that applies and was left blank, as "not sure"."""
    filled = dict(answers)
    blank(filled, [name for name in ORDER if applies(name, applying(filled))])
    return applying(filled)


def response_items(site: Site, policy: Policy, answers: dict, shown: list[str], sent: dict[str, dict],
                   next_name: str | None = None) -> tuple[list[dict], list[dict]]:
    """The contained Questionnaire's items (the questions shown, and the next) and the response's items:
    each answer as it was sent, or, for one filled in here, with its origin "auto"; the next question's
    item is there unanswered, so a response in progress always has one (DTR 2.1: item 1..*)."""
    service = answers.get("service")
    names = [name for name in ORDER if name in shown or name == next_name]
    questions = [question_item(site, policy, name, service, standard=False) for name in names]
    given = []
    for question in questions:
        name = question["linkId"]
        item = {"linkId": name, "text": question["text"]}
        answer = (sent.get(name) or {}).get("answer")
        if answer:
            item["answer"] = answer
        elif name in answers and answers[name] != NOT_SURE and name not in sent:
            item["answer"] = [{**answer_value(site, name, answers[name]), "extension": AUTO}]
        given.append(item)
    return questions, given


def answer_value(site: Site, name: str, value) -> dict:
    kind = TYPES.get(name, "choice")
    if kind == "integer":
        return {"valueInteger": value}
    if kind == "date":
        return {"valueDate": value}
    return {"valueCoding": coding(site, name, value)}
