"""Try another answer: one result beside the same answers with one of them changed, evaluated and not saved.

The changeable answers are the ones an office weighs before a visit: the credential, the session,
its length and the delivery. They go through the same forms, and the same flow, as the wizard's.
"""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from . import flow, forms
from .questions import QUESTIONS, choices_for, pick

CHANGEABLE = ("credential", "session", "minutes", "delivery")


def offered(answers: dict) -> list[str]:
    """The changeable answers that apply to this check (minutes whenever a change could make it apply)."""
    service = answers.get("service")
    names = [name for name in CHANGEABLE if flow.applies(name, answers)]
    if "minutes" not in names and service == "coaching" and flow.applies("session", answers):
        names.insert(names.index("delivery") if "delivery" in names else len(names), "minutes")
    return names


def changed_answers(answers: dict, given: MultiDict) -> tuple[dict, list[tuple[str, str]]]:
    """The answers with the given ones put in, or the errors (field id, message) that stop it."""
    service = answers.get("service")
    updated, errors = dict(answers), []
    for name in CHANGEABLE:
        present = name in given or (name == "minutes" and "minutes_unknown" in given)
        if not present or not flow.applies(name, updated):
            continue
        if name == "minutes" and not (given.get("minutes") or "").strip() and updated.get("minutes") == flow.NOT_SURE:
            continue  # "not known" shows as an empty box: left empty, it stays not known
        form = forms.build(name, service, formdata=given)
        if form.validate():
            updated = flow.with_answer(updated, name, form.answer())
        else:
            errors += form.error_list()
    missing = flow.first_unanswered(updated)
    if missing and not errors:
        errors.append((missing, str(forms.MESSAGES.get(missing) or forms.MESSAGES["minutes_missing"])))
    return updated, errors


def differences(before: dict, after: dict) -> list[str]:
    """The answers that differ, in the order of the questions."""
    return [name for name in flow.QUESTIONS if before.get(name) != after.get(name)]


def choices(answers: dict, audience: str) -> dict:
    """Each changeable question's choices, labelled for the audience."""
    service = answers.get("service")
    return {name: [(choice.value, str(choice.label.for_audience(audience)))
                   for choice in choices_for(QUESTIONS[name], service)]
            for name in ("credential", "session", "delivery")}


def label(name: str, audience: str) -> str:
    return str(pick(QUESTIONS[name].summary, audience))
