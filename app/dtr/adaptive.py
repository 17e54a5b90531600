"""$next-question (SDC adaptive forms, as Da Vinci DTR uses them): the QuestionnaireResponse so far in; the
same response out, its contained Questionnaire holding the questions asked and the next one the wizard's
flow asks, or, when none is left, completed with the engine's determination.

The response may come bare or in Parameters, under the name any release of the guides gives it
(SDC and DTR 2.2 `questionnaire-response`, whose answer is the resource itself as FHIR's `return`; DTR 2.1's
operation `questionnaire-response-in` / `-out`; its profile `in` / `out`); the answer goes back the same way.
No Flask here: the view judges and saves.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from ..crd.respond import COVERAGE_INFORMATION, annotated
from ..coverage.policy import Policy
from ..wizard.flow import applies
from . import determination
from .outcome import DtrError
from .questionnaire import ADAPTIVE_ID, ORDER, Site, adaptive
from .responses import (ADAPTIVE_RESPONSE_PROFILE, INTENDED, INTENDED_USE, RESPONSE_PROFILE, Read, applying,
                        next_question, read, response_items, whole_form)

# the input's name -> the output's (None: the QuestionnaireResponse itself is the answer)
NAMES = {"questionnaire-response": None, "questionnaire-response-in": "questionnaire-response-out", "in": "out"}


def unwrap(body) -> tuple[dict, str | None]:
    """The QuestionnaireResponse sent, and the name its answer goes back under."""
    if isinstance(body, dict) and body.get("resourceType") == "QuestionnaireResponse":
        return body, None
    if not isinstance(body, dict) or body.get("resourceType") != "Parameters":
        raise DtrError(400, "invalid", "send the QuestionnaireResponse so far, as it is or in Parameters",
                       "QuestionnaireResponse")
    parameters = body.get("parameter")
    if (not isinstance(parameters, list) or len(parameters) != 1 or not isinstance(parameters[0], dict)
            or not isinstance(parameters[0].get("name"), str) or parameters[0]["name"] not in NAMES
            or not isinstance(parameters[0].get("resource"), dict)
            or parameters[0]["resource"].get("resourceType") != "QuestionnaireResponse"):
        raise DtrError(400, "invalid", "send one parameter, questionnaire-response, holding the QuestionnaireResponse",
                       "Parameters.parameter")
    return parameters[0]["resource"], NAMES[parameters[0]["name"]]


def wrap(response: dict, name: str | None) -> dict:
    if name is None:
        return response
    return {"resourceType": "Parameters", "parameter": [{"name": name, "resource": response}]}


@dataclass
class Step:
    read: Read
    answers: dict  # the answers to the questions that apply, blanks as "not sure"
    shown: list[str]  # the questions asked that still apply
    next_name: str | None  # None: nothing is left to ask

    @property
    def done(self) -> bool:
        return self.next_name is None


def step(response: dict, site: Site, library) -> Step:
    """Where the response stands in the flow."""
    found = read(response, site, library)
    answers = whole_form(found.answers) if found.asked is None else applying(found.answers)
    shown = [name for name in ORDER if applies(name, answers) and (found.asked is None or name in found.asked)]
    return Step(found, answers, shown, next_question(answers, found.asked))


def prefilled(answers: dict) -> Step:
    """Where a response pre-filled with these answers stands, as step() reads it back: each shown, and the
    first question the flow asks of the rest next ($questionnaire-package starts where $next-question would)."""
    shown = [name for name in ORDER if name in answers]
    return Step(Read(None, shown, answers), answers, shown, next_question(answers, shown))


def _response(sent: dict, site: Site, policy: Policy, questions: list[dict], items: list[dict], status: str,
              now: str) -> dict:
    """The response as sent, with our contained Questionnaire, these items and this status."""
    response = copy.deepcopy(sent)
    kept = [r for r in response.get("contained") or () if r.get("resourceType") != "Questionnaire"]
    response["contained"] = [adaptive(site, policy, questions)] + kept
    response["questionnaire"] = f"#{ADAPTIVE_ID}"
    response["status"] = status
    response["item"] = items
    response.setdefault("authored", now)
    response["meta"] = {**(response.get("meta") or {}), "profile": [RESPONSE_PROFILE, ADAPTIVE_RESPONSE_PROFILE]}
    # a determination given before no longer holds while questions are open again
    extensions = [e for e in response.get("extension") or () if e.get("url") != COVERAGE_INFORMATION]
    if not any(e.get("url") == INTENDED_USE for e in extensions):
        extensions.append(INTENDED)
    response["extension"] = extensions
    return response


def in_progress(sent: dict, site: Site, at: Step, policy: Policy, now: str) -> dict:
    """The response with the next question asked."""
    questions, items = response_items(site, policy, at.answers, at.shown, at.read.items, at.next_name)
    return _response(sent, site, policy, questions, items, "in-progress", now)


def completed(sent: dict, site: Site, at: Step, deciding: Policy, shown: dict, reference: str | None,
              note: str | None, coverage_information: dict | None, now: str) -> dict:
    """The response with nothing left to ask: completed, the engine's determination its last items."""
    questions, items = response_items(site, deciding, at.answers, at.shown, at.read.items)
    asked_on = at.read.version or deciding
    question, answered = determination.items(site, shown, reference, note, asked_on, deciding)
    response = _response(sent, site, deciding, questions + [question], items + [answered], "completed", now)
    return annotated(response, coverage_information) if coverage_information else response
