"""The order of the questions, which of them apply to the answers so far, and what to drop on a change.

Answers are kept as a flat dict of short strings (and one int), small enough for the signed
session cookie: the engine's own values for diagnosis, service, credential, state and setting;
"individual" or "group"; "unknown" where a person said "I'm not sure", which the engine reads
exactly as an answer left out; the date as YYYY-MM-DD.
Nothing here decides coverage: it only says which questions the engine turns on.
"""
from __future__ import annotations

from ..coverage.answers import AUDIENCES, NOT_SURE

# the order a person meets the questions in; each later question may depend on earlier ones only
QUESTIONS = ("diagnosis", "service", "credential", "state", "setting", "group", "session",
             "minutes", "delivery", "date_of_service")
SLUGS = {name: name.replace("_", "-") for name in QUESTIONS} | {"credential": "provider-credential"}
BY_SLUG = {slug: name for name, slug in SLUGS.items()}

# a change of service drops every answer given in the light of the old one: the credential
# choices are ordered for the service, and the details (group, session, minutes) are its own
DEPENDENTS = {"service": ("credential", "group", "session", "minutes")}


def applies(name: str, answers: dict) -> bool:
    """Whether the engine turns on this question, given the answers before it."""
    service = answers.get("service")
    coaching = service == "coaching"
    if name == "group":
        return coaching
    if name == "session":
        # first visit or follow-up are the words of the one-on-one codes: asked unless the coaching is in a
        # group, and of a person not sure, since it matters if the coaching was one-on-one
        return coaching and answers.get("group") in ("individual", NOT_SURE)
    if name == "minutes":
        # a first one-on-one visit has no minimum length; a follow-up and group coaching have (a first visit
        # not known to be one-on-one needs review whatever its length: the group code is not listed)
        return service == "peer_support" or (coaching and answers.get("session") != "initial")
    return name in QUESTIONS


def questions_for(answers: dict) -> list[str]:
    """The questions that apply, in order."""
    return [name for name in QUESTIONS if applies(name, answers)]


def first_unanswered(answers: dict) -> str | None:
    return next((name for name in questions_for(answers) if name not in answers), None)


def is_complete(answers: dict) -> bool:
    return first_unanswered(answers) is None


def can_open(name: str, answers: dict) -> bool:
    """A question may be opened once it applies and every question before it is answered."""
    if not applies(name, answers):
        return False
    asked = questions_for(answers)
    return all(earlier in answers for earlier in asked[:asked.index(name)])


def next_question(name: str, answers: dict) -> str | None:
    """The question after this one, or None when the next page is check your answers."""
    asked = questions_for(answers)
    later = asked[asked.index(name) + 1:] if name in asked else []
    return later[0] if later else None


def previous_question(name: str, answers: dict) -> str | None:
    """The question before this one, or None on the first."""
    asked = questions_for(answers)
    earlier = asked[:asked.index(name)] if name in asked else []
    return earlier[-1] if earlier else None


# kept beside an answer, and only with it: the ICD-10-CM code an office typed for the diagnosis
EXTRAS = {"diagnosis_code": "diagnosis"}


def with_answer(answers: dict, name: str, value, extra: dict | None = None) -> dict:
    """The answers with this one set (and what is kept beside it), less every answer that no longer applies."""
    updated = dict(answers)
    if name in answers and answers[name] != value:
        for dependent in DEPENDENTS.get(name, ()):
            updated.pop(dependent, None)
    updated[name] = value
    for key, beside in EXTRAS.items():
        if beside == name:
            updated.pop(key, None)  # answered again: only what came with this answer stays
    updated.update(extra or {})
    return {key: val for key, val in updated.items()
            if (key in QUESTIONS and applies(key, updated)) or EXTRAS.get(key) in updated}


def engine_input(answers: dict, audience: str) -> dict:
    """The raw mapping app.coverage.answers.parse_answers takes, built from the stored answers."""
    raw = {"audience": audience if audience in AUDIENCES else "member"}
    for name in questions_for(answers):
        value = answers.get(name)
        if value is None:
            continue
        raw[name] = value == "group" if name == "group" and value != NOT_SURE else value
    return raw


def from_engine(answers: dict) -> dict:
    """The stored form of a determination's answers (as engine_input's inverse), for showing them."""
    stored = {}
    for name in QUESTIONS:
        value = answers.get(name)
        if name == "group" and value is not None:
            value = "group" if value else "individual"
        # not known, however it was said, shows as "not sure" wherever the question applies
        stored[name] = NOT_SURE if value is None else value
    return {name: value for name, value in stored.items() if applies(name, stored)}
