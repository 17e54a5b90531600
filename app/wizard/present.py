"""How answers and a determination are put in words for each audience. Nothing here decides coverage:
the outcome, the reasons, the codes and their units all come from the engine."""
from __future__ import annotations

import datetime as dt

from flask import url_for
from flask_babel import format_date, gettext, lazy_gettext as _l, ngettext

from ..coverage.answers import STATES
from ..coverage.rules.code import figures
from ..coverage.icd10 import ICD10_RELEASE, billable_under, look_up
from ..coverage import vocabulary
from ..coverage.texts import REGISTER
from ..i18n import lazy
from . import flow
from .questions import NOT_SURE_LABEL, QUESTIONS, choices_for, pick
from .spanish import state_name
from .state import MAX_CHECKS

AUDIENCE_NAMES = lazy(vocabulary.AUDIENCE_WORDS["heading"])

CHECK_ANSWERS_TITLE = {"member": _l("Check your answers"), "provider": _l("Check the answers"),
                       "agent": _l("Check the answers with the caller")}
# a shape as well as a colour and a word, so the outcome never rests on colour alone
OUTCOME_ICONS = {"likely_covered": "\u2713", "likely_not_covered": "\u2715", "needs_review": "?"}

START_PAGES = {
    "member": {
        "title": _l("Check if your coaching or peer support is likely covered"),
        "intro": (_l("Answer a few short questions about your care. We will tell you if the policy is likely "
                     "to cover it, and why."),
                  _l("It takes about 2 minutes. You can choose \u201cI'm not sure\u201d for most questions.")),
        "list_heading": _l("It helps to know"),
        "list": (_l("what kind of care it is: coaching or peer support"),
                 _l("what license or certificate your coach or peer support worker has"),
                 _l("the state you get the care in, and the date of the visit")),
    },
    "provider": {
        "title": _l("Check A015 coverage for coaching or peer support"),
        "intro": (_l("Check a service against administrative policy A015 before the visit: the criteria, "
                     "the code and units, and the credential the policy requires, each with the policy's words."),),
        "list_heading": _l("Have these to hand"),
        "list": (_l("the member's diagnosis type (ICD-10-CM chapter 5)"),
                 _l("the service and the rendering provider's credential"),
                 _l("the state and the setting"),
                 _l("for coaching: individual or group, initial or follow-up, and the session length"),
                 _l("for peer support: the session length"),
                 _l("in person or telehealth, and the date of service")),
    },
    "agent": {
        "title": _l("Help a caller check coverage for coaching or peer support"),
        "intro": (_l("Each question page shows the line to ask the caller. The result page is a script to "
                     "read aloud, with your cues set apart from the words to read."),),
        "list_heading": _l("Before you start"),
        "list": (_l("Do not note the caller's name or ID here. This tool does not ask for them."),
                 _l("If the caller is not sure of an answer, choose that they are not sure."),
                 _l("Read the disclaimer on the result page word for word.")),
        "say": _l("I can check if the plan's policy is likely to cover this care. I will ask you a few short "
                  "questions. I won't need your name or ID for this."),
    },
}

OUTCOME_MEANING = {
    "member": {
        "likely_covered": _l("From your answers, the policy is likely to cover this care."),
        "likely_not_covered": _l("From your answers, the policy is not likely to cover this care."),
        "needs_review": _l("From your answers, we can't tell yet. Your plan will need to check some things."),
    },
    "provider": {
        "likely_covered": _l("On the answers given, each criterion of A015 is met."),
        "likely_not_covered": _l("On the answers given, at least one criterion of A015 is not met."),
        "needs_review": _l("On the answers given, at least one criterion is unknown or the policy is silent on it."),
    },
    "agent": {
        "likely_covered": _l("From what you told me, the policy is likely to cover this care."),
        "likely_not_covered": _l("From what you told me, the policy is not likely to cover this care."),
        "needs_review": _l("From what you told me, I can't tell yet. Your plan will need to check some things."),
    },
}

# what to do next: each step shows when its condition holds for the determination, and names the
# policy words it rests on (tests/test_texts.py checks each anchor exists). Conditions: the outcome;
# "not_known" when some answer was not known; "policy_silent" when the policy does not say; "ways" when
# some change would help; "no_ways" when none would.
PLAN_SUPERSEDES, PLAN_TERMS, CONSIDERED = "purpose-plan-supersedes", "administrative-policy-plan-terms", \
    "coding-considered-covered"
NEXT_STEPS = {
    "member": (
        ("likely_covered", _l("Ask your provider to check your benefits with your plan."), (PLAN_TERMS,)),
        ("likely_covered", _l("Keep a copy of this page. You can print it or save it from your browser."), ()),
        ("not_known", _l("If you were not sure of an answer, ask your provider. Then check again."), ("purpose-3",)),
        ("policy_silent", _l("Call the number on your member ID card. Ask about each point marked \u201cNeeds checking\u201d."),
         (PLAN_TERMS,)),
        ("likely_not_covered", _l("Call the number on your member ID card. Your plan document is what counts."),
         (PLAN_SUPERSEDES,)),
        ("ways", _l("Look at what could change the answer. Ask your provider about it."), (CONSIDERED,)),
        ("likely_not_covered", _l("Ask your provider if there is other care your plan covers."), (PLAN_TERMS,)),
        ("likely_covered", _l("If you get a bill you did not expect, call the number on your member ID card."), (PLAN_TERMS,)),
    ),
    "provider": (
        ("likely_covered", _l("Verify the member's eligibility and benefits before the visit: in a conflict, the "
                              "benefit plan document supersedes A015."), (PLAN_SUPERSEDES,)),
        ("likely_covered", _l("The codes above are those A015 lists for this service, with the units their descriptors give; "
                              "confirm the code "
                              "is in effect on the date of service."), (CONSIDERED, "coding-note-2")),
        ("not_known", _l("Confirm each answer marked unknown before the visit, then check again."), ("purpose-3",)),
        ("policy_silent", _l("Where A015 is silent, check the member's benefit plan document and any state "
                             "regulations, or ask the plan before the visit."), (PLAN_TERMS,)),
        ("likely_not_covered", _l("Review each criterion marked not met."), (CONSIDERED,)),
        ("likely_not_covered", _l("Check the member's benefit plan document, which supersedes A015 in a conflict, "
                                  "before the visit."), (PLAN_SUPERSEDES,)),
        ("likely_not_covered", _l("Tell the member before the visit that the service may not be covered."), (CONSIDERED,)),
    ),
    "agent": (
        ("likely_covered", _l("Please ask your provider to check your benefits."), (PLAN_TERMS,)),
        ("not_known", _l("Please ask your provider about the answers you were not sure of."), ("purpose-3",)),
        ("policy_silent", _l("Your plan will need to check the points the policy says nothing about."), (PLAN_TERMS,)),
        ("likely_not_covered", _l("Please talk with your provider. Ask if there is other care your "
                                  "plan covers."), (PLAN_TERMS,)),
        ("likely_not_covered", _l("Your plan document is what counts. You can call us back with any questions."),
         (PLAN_SUPERSEDES,)),
        ("likely_covered", _l("If you get a bill you did not expect, call us back."), (PLAN_TERMS,)),
        ("not_known", _l("You can call us back when you know more, and we will check again."), ()),
    ),
}


def next_steps(determination, audience: str) -> list:
    """The steps whose condition holds for this determination, in order."""
    holds = {determination.outcome}
    holds |= {reason.basis for reason in determination.reasons if reason.status == "unknown" and reason.basis}
    if determination.outcome != "likely_covered":
        holds.add("ways" if determination.what_would_change else "no_ways")
    return [step for condition, step, _anchors in NEXT_STEPS[audience] if condition in holds]


# what each reason's and warning's folded words are about, named on its toggle ("The policy's words on the
# condition"), so that a screen reader's list of toggles says which is which
REASON_TOPICS = {"diagnosis": _l("the condition"), "service": _l("the kind of care"),
                 "credential": _l("the license or certificate"), "setting": _l("where you get the care"),
                 "delivery": _l("in person or by video"), "code": _l("the billing code"),
                 "date_of_service": _l("the date of the visit")}
WARNING_TOPICS = {"codes_not_effective": _l("codes in use"), "category_iii_codes": _l("temporary codes"),
                  "telehealth_silent": _l("phone or video visits"), "codes_not_all_inclusive": _l("the list of codes")}

STATUS_LABELS = lazy({register: vocabulary.STATUSES[register] for register in ("plain", "technical")})
# a code line's own conditions on the answers: met, not met, or not known (the JSON's true, false, null)
ELIGIBILITY_LABELS = lazy(vocabulary.ELIGIBILITY)
# the reasons that decide the outcome come first
STATUS_ORDER = {"not_met": 0, "unknown": 1, "met": 2}


def register(audience: str) -> str:
    """The engine's register for an audience: an office reads the technical words, everyone else the plain."""
    return REGISTER.get(audience, "plain")


def question_page(name: str, audience: str, service: str | None, policy) -> dict:
    """What a question page shows this audience: the question, its hint, its choices, the agent's line.

    A hint's numbers (a code's minimum, a unit) are those of `policy`: the version in effect on the date
    of service once it is answered, else today's."""
    question = QUESTIONS[name]
    hint = pick(question.hint, audience, service)
    return {
        "question": question,
        "title": pick(question.title, audience, service),
        "hint": str(hint) % figures(policy) if hint is not None and "%(" in str(hint) else hint,
        "ask": pick(question.ask, "agent", service) if audience == "agent" else None,
        "choices": choices_for(question, service),
        "states": STATES,
    }


def display_answer(name: str, value, audience: str, service: str | None) -> str:
    """An answer as the person chose it: the label of the choice, the state's name, the date."""
    question = QUESTIONS[name]
    if name == "state":
        return state_name(value)  # in the page's language: "Nueva York"
    if name == "date_of_service":
        return iso_date(value)
    if name == "minutes":
        if value == flow.NOT_SURE:
            return str(NOT_SURE_LABEL.for_audience(audience))
        return ngettext("%(num)s minute", "%(num)s minutes", value)
    for choice in choices_for(question, service):
        if choice.value == value:
            return str(choice.label.for_audience(audience))
    return str(value)


BILLABLE_SHOWN = 10  # the billable codes under a category named on its row; the others counted


def _with_code(value: str, code) -> str:
    """The diagnosis answer with the code the office typed, named as ICD-10-CM names it; a category is said to
    be one, with the billable codes under it (from the release the app carries)."""
    shown = gettext("%(answer)s (ICD-10-CM %(code)s: %(name)s)", answer=value, code=code.code, name=code.name or "")
    if code.billable or not code.valid:
        return shown
    under = billable_under(code.code)
    listed = ", ".join(under[:BILLABLE_SHOWN])
    if len(under) > BILLABLE_SHOWN:
        listed = ngettext("%(codes)s and %(num)s more", "%(codes)s and %(num)s more", len(under) - BILLABLE_SHOWN,
                          codes=listed)
    return gettext("%(shown)s. %(code)s is a category, not a billable code: a claim needs one of the billable codes "
                   "under it (%(release)s): %(codes)s.", shown=shown, code=code.code, release=ICD10_RELEASE,
                   codes=listed)


def summary_rows(answers: dict, audience: str, change_links: bool = True) -> list[dict]:
    """One row per answer given, for check your answers and the result page."""
    service = answers.get("service")
    rows = []
    for name in flow.questions_for(answers):
        if name not in answers:
            continue
        value = display_answer(name, answers[name], audience, service)
        if name == "diagnosis" and answers.get("diagnosis_code"):
            # the code the office typed, named and placed as ICD-10-CM does; the policy itself names none
            value = _with_code(value, look_up(answers["diagnosis_code"]))
        rows.append({
            "name": name,
            "label": pick(QUESTIONS[name].summary, audience),
            "value": value,
            "href": url_for("wizard.question", slug=flow.SLUGS[name], change=1) if change_links else None,
        })
    return rows


def check_described(going: dict) -> dict:
    """A check in progress named in words, without a personal detail: whose it is, when it was used, its
    service and state if they are answered."""
    answers, audience = going["answers"], going["audience"]
    service = answers.get("service")
    said = [display_answer(name, answers[name], audience, service) for name in ("service", "state")
            if name in answers and answers[name] != flow.NOT_SURE]
    minutes = going["minutes_ago"]
    when = (gettext("less than a minute ago") if minutes < 1
            else ngettext("%(num)s minute ago", "%(num)s minutes ago", minutes))
    return {"audience": str(AUDIENCE_NAMES.get(audience, "")), "answers": ", ".join(said), "when": when}


def ordered_reasons(determination) -> list:
    return sorted(determination.reasons, key=lambda reason: STATUS_ORDER.get(reason.status, 3))


def quote_in_context(citation, policy) -> tuple[str, str, str]:
    """The whole sentence a quote stands in, split around the quote: (before, quote, after)."""
    if isinstance(citation, dict):  # the disclaimer's citation comes as a dict
        anchor, quote = citation["anchor"], citation["quote"]
    else:
        anchor, quote = citation.anchor, citation.quote
    sentence = policy.sentences.get(anchor)
    if sentence is None or quote not in sentence.text:
        return "", quote, ""
    before, _, after = sentence.text.partition(quote)
    return before, quote, after


def units_text(line) -> str:
    if line.units is None:
        return gettext("Not known yet")
    if line.units == 0 and line.remainder:
        # a timed code: less than one unit, for which the policy gives no rounding rule
        return gettext("Less than one unit: the policy gives no rounding rule")
    if line.units == 0:
        return gettext("None: shorter than the code requires")
    units = ngettext("%(num)s unit", "%(num)s units", line.units)
    if line.remainder:
        return gettext("%(units)s, and %(remainder)s minutes the policy gives no rounding rule for",
                       units=units, remainder=line.remainder)
    return units


def code_tables(policy) -> dict[str, list]:
    """The codes the policy prints, by code system, for its Coding Information tables."""
    tables = {}
    for code in policy.codes:
        if code.listed:
            tables.setdefault(code.system, []).append(code)
    return tables


def iso_date(value: str) -> str:
    """A YYYY-MM-DD date written out in the reader's language."""
    return format_date(dt.date.fromisoformat(value), "long")


# the policy's age as an agent says it to a caller, who knows no "version of policy A015"; the engine's own
# sentence stays in the outcome box as the agent's note (anchors: effective-date, next-review-date)
AGENT_POLICY_AGE = _l("The rules I checked this against are from %(effective)s. They were due for review on "
                      "%(review)s, so newer rules may apply to your visit.")


def agent_policy_age(age: dict) -> str:
    return str(AGENT_POLICY_AGE) % {"effective": iso_date(age["version"]), "review": iso_date(age["next_review_date"])}


# what to do with a reference number, by audience
REFERENCE_HINTS = {
    "member": _l("Keep this number. If you call us, give it and we can see this result."),
    "provider": _l("Keep this number with your notes for the visit. Anyone here can look it up again."),
    "agent": _l("Read this number to the caller, one letter or number at a time. They can give it if they call again."),
}


def template_globals() -> dict:
    return {
        "audience_names": AUDIENCE_NAMES, "start_pages": START_PAGES, "check_answers_title": CHECK_ANSWERS_TITLE,
        "outcome_meaning": OUTCOME_MEANING, "outcome_icons": OUTCOME_ICONS, "next_steps": next_steps,
        "status_labels": STATUS_LABELS, "eligibility_labels": ELIGIBILITY_LABELS, "quote_in_context": quote_in_context,
        "units_text": units_text, "reference_hints": REFERENCE_HINTS, "max_checks": MAX_CHECKS,
        "agent_policy_age": agent_policy_age, "reason_topics": REASON_TOPICS, "warning_topics": WARNING_TOPICS,
    }
