"""The order of the questions, which of them apply to the answers so far, and what to drop on a change.

Answers are kept as a flat dict of short strings (and one int), small enough for the signed
session cookie: the engine's own values for diagnosis, service, credential, state and setting;
"individual" or "group"; "unknown" where a person said "I'm not sure"; the date as YYYY-MM-DD.
Nothing here decides coverage: it only says which questions the engine turns on.
"""
from __future__ import annotations

from ..coverage.answers import AUDIENCES

# the order a person meets the questions in; each later question may depend on earlier ones only
QUESTIONS = ("diagnosis", "service", "credential", "state", "setting", "group", "session",
             "minutes", "delivery", "date_of_service")
SLUGS = {name: name.replace("_", "-") for name in QUESTIONS} | {"credential": "provider-credential"}
BY_SLUG = {slug: name for name, slug in SLUGS.items()}

NOT_SURE = "unknown"
# "I'm not sure" here means "leave it out": the engine treats a missing answer as unknown
OMIT_WHEN_NOT_SURE = ("group", "session", "minutes")

# a change of service drops every answer given in the light of the old one: the credential
# choices are ordered for the service, and the details (group, session, minutes) are its own
DEPENDENTS = {"service": ("credential", "group", "session", "minutes")}


def applies(name: str, answers: dict) -> bool:
    """Whether the engine turns on this question, given the answers before it."""
    service = answers.get("service")
    # one-on-one, or not known: the session and its length still tell which code could apply
    individual = service == "coaching" and answers.get("group") in ("individual", NOT_SURE)
    if name == "group":
        return service == "coaching"
    if name == "session":
        return individual
    if name == "minutes":
        # an initial coaching visit has no minimum length; group coaching is judged without one
        return service == "peer_support" or (individual and answers.get("session") == "follow_up")
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


def record(answers: dict, name: str, value) -> dict:
    """The answers with this one set, less every answer that no longer applies."""
    updated = dict(answers)
    if name in answers and answers[name] != value:
        for dependent in DEPENDENTS.get(name, ()):
            updated.pop(dependent, None)
    updated[name] = value
    return {key: val for key, val in updated.items() if key in QUESTIONS and applies(key, updated)}


def engine_input(answers: dict, audience: str) -> dict:
    """The raw mapping app.coverage.answers.parse_answers takes, built from the stored answers."""
    raw = {"audience": audience if audience in AUDIENCES else "member"}
    for name in questions_for(answers):
        value = answers.get(name)
        if value is None or (name in OMIT_WHEN_NOT_SURE and value == NOT_SURE):
            continue
        raw[name] = value == "group" if name == "group" else value
    return raw


def from_engine(answers: dict) -> dict:
    """The stored form of a determination's answers (as engine_input's inverse), for showing them."""
    stored = {}
    for name in QUESTIONS:
        value = answers.get(name)
        if name == "group" and answers.get("service") == "coaching":
            value = {True: "group", False: "individual"}.get(value, NOT_SURE)
        if value is None and name in OMIT_WHEN_NOT_SURE:
            value = NOT_SURE
        if value is not None:
            stored[name] = value
    return {name: value for name, value in stored.items() if applies(name, stored)}
