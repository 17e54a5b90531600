"""What each question page says, for each audience: the question, its hint, its choices, the agent's line.

Members read plain words; provider offices read the policy's terms and codes; call-center agents
see the question about the caller and, set apart, the line to ask the caller. Every string is
marked for translation. Some wording depends on the service chosen: those entries are keyed by it.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..coverage import vocabulary
from ..coverage.vocabulary import Words
from ..i18n import lazy
from .flow import NOT_SURE


@dataclass(frozen=True)
class Choice:
    value: str
    label: Words
    hint: Words | None = None


@dataclass(frozen=True)
class Question:
    name: str
    kind: str  # radios, select, minutes or date
    title: Words | dict
    summary: Words  # the short name on check your answers
    ask: object | dict  # the line an agent asks the caller
    hint: Words | dict | None = None
    choices: tuple[Choice, ...] = ()


def pick(text, audience: str, service: str | None = None):
    """The text for this audience, choosing the service's version where the wording depends on it."""
    if isinstance(text, dict):
        text = text.get(service) or next(iter(text.values()))
    return text.for_audience(audience) if isinstance(text, Words) else text


def _value_words(name: str, value) -> Words:
    """A choice's label: its value in the vocabulary's words, for each audience."""
    return lazy(vocabulary.VALUES[name][value].words)


def _answer_name(name: str) -> Words:
    """A question's short name beside its answer on check your answers, for each audience."""
    return lazy(vocabulary.ANSWERS[name].words)


NOT_SURE_LABEL = lazy(vocabulary.NOT_SURE.words)

_coaching_credential = Words(_l("What license or certificate does your coach have?"),
                             _l("What is the rendering provider's credential?"),
                             _l("What license or certificate does the caller's coach have?"))
_peer_credential = Words(_l("What license or certificate does your peer support worker have?"),
                         _l("What is the rendering provider's credential?"),
                         _l("What license or certificate does the caller's peer support worker have?"))

CREDENTIAL_CHOICES = {
    "nbhwc": Choice("nbhwc", _value_words("credential", "nbhwc"), Words(
        _l("A coaching certificate. The National Board for Health & Wellness Coaching gives it."),
        _l("National Board Certified Health & Wellness Coach, certified by the NBHWC."))),
    "nchec": Choice("nchec", _value_words("credential", "nchec"), Words(
        _l("A certificate in health education. A national group called NCHEC gives it."),
        _l("Certified Health Education Specialist or Master CHES, certified by the NCHEC."))),
    "coaching_program": Choice("coaching_program", _value_words("credential", "coaching_program"), Words(
        _l("A school for coaches gives it. The policy says coaches may have one."),
        _l("A015's General Background: coaches have \"a coaching certification issued by an accredited training program\"."))),
    "licensed": Choice("licensed", _value_words("credential", "licensed"), Words(
        _l("For example, a counselor, social worker or nurse with a license from the state."),
        _l("For example, an LPC, LCSW, LMFT, RN or psychologist, licensed in the state where the service is given."))),
    "certified_peer": Choice("certified_peer", _value_words("credential", "certified_peer"), Words(
        _l("Given by the state, or a national peer certificate the state takes."),
        _l("Certified under the state's peer certification program, or holding a certification the state accepts."))),
    "other_certification": Choice("other_certification", _value_words("credential", "other_certification"), Words(
        _l("A certificate that is not on this list."),
        _l("A certification not listed above. What it certifies, and whether state law puts this service within "
           "its scope, needs checking."))),
    "degree": Choice("degree", _value_words("credential", "degree"), Words(
        _l("For example, a master's degree. The policy asks for a license or a certificate."),
        _l("An advanced degree in a psychology related field, as the General Background describes coaches, "
           "without a license or certification."))),
    "none": Choice("none", _value_words("credential", "none")),
    "unknown": Choice(NOT_SURE, NOT_SURE_LABEL),
}
# coaching offices see the coaching credentials first, peer support offices the peer one: all are offered
CREDENTIAL_ORDER = {
    "coaching": ("nbhwc", "nchec", "coaching_program", "licensed", "certified_peer", "other_certification", "degree",
                 "none", "unknown"),
    "peer_support": ("certified_peer", "licensed", "nbhwc", "nchec", "coaching_program", "other_certification",
                     "degree", "none", "unknown"),
}

QUESTIONS = {
    "diagnosis": Question(
        "diagnosis", "radios",
        title=Words(_l("Do you have a mental health or substance use disorder?"),
                    _l("What is the member's diagnosis?"),
                    _l("Does the caller have a mental health or substance use disorder?")),
        # the policy says "for individuals with mental health or substance use disorders": not who finds one
        hint=Words(_l("Choose what you know about your health. If you are not sure, choose \u201cI'm not sure\u201d."),
                   _l("A015 covers individuals with mental health or substance use disorders. The policy names no diagnosis codes."),
                   _l("Choose what the caller tells you.")),
        summary=_answer_name("diagnosis"),
        ask=_l("Has a doctor or counselor told you that you have a mental health condition? "
               "Or a problem with alcohol or drugs?"),
        choices=(
            Choice("mental_health", _value_words("diagnosis", "mental_health"),
                   Words(_l("For example, depression, or worry that does not go away."),
                         _l("For example, a depressive or anxiety disorder."))),
            Choice("substance_use", _value_words("diagnosis", "substance_use"),
                   Words(_l("A problem with alcohol or drugs."),
                         _l("A disorder due to alcohol or drug use, such as those in ICD-10-CM F10 to F19."))),
            Choice("both", _value_words("diagnosis", "both")),
            Choice("none", _value_words("diagnosis", "none")),
            Choice(NOT_SURE, NOT_SURE_LABEL),
        )),
    "service": Question(
        "service", "radios",
        title=Words(_l("What kind of care is it?"), _l("Which service is it?"),
                    _l("What kind of care is the caller asking about?")),
        summary=_answer_name("service"),
        ask=_l("Is this for coaching or for peer support?"),
        choices=(
            Choice("coaching", _value_words("service", "coaching"),
                   Words(_l("A coach helps you set health goals and work toward them."),
                         _l("Health and well-being coaching: CPT 0591T and 0592T."))),
            Choice("peer_support", _value_words("service", "peer_support"),
                   Words(_l("Help from someone who has lived with a mental health or substance use condition."),
                         _l("Self-help/peer services: HCPCS H0038."))),
        )),
    "credential": Question(
        "credential", "radios",
        title={"coaching": _coaching_credential, "peer_support": _peer_credential},
        hint=Words(_l("Your provider can tell you. It may also be on their website."),
                   _l("A015 requires a licensed or certified provider who acts within the scope of that "
                      "license or certification under state law."),
                   _l("If the caller does not know, choose that they are not sure.")),
        summary=_answer_name("credential"),
        ask={"coaching": _l("Do you know what license or certificate your coach has?"),
             "peer_support": _l("Do you know what license or certificate your peer support worker has?")},
        choices=tuple(CREDENTIAL_CHOICES.values())),
    "state": Question(
        "state", "select",
        title=Words(_l("In which state or territory do you get this care?"),
                    _l("In which state or territory is the service given?"),
                    _l("In which state or territory does the caller get this care?")),
        hint=Words(_l("For a phone or video visit, choose the state you are in during the visit."),
                   _l("The state whose law applies to the provider's license or certification. A015 does not "
                      "say which state that is for telehealth."),
                   _l("For a phone or video visit, choose the state the caller is in during the visit.")),
        summary=_answer_name("state"),
        ask=_l("In which state or territory do you get this care?")),
    # the policy covers "outpatient" services and never defines the word: the choices name the settings,
    # with an example where a plain one exists, and "I'm not sure" takes the rest
    "setting": Question(
        "setting", "radios",
        title=Words(_l("Where do you get this care?"), _l("What is the setting?"),
                    _l("Where does the caller get this care?")),
        hint=Words(_l("If you are not sure which one it is, choose \u201cI'm not sure\u201d."),
                   _l("A015 covers outpatient services; it does not define outpatient."),
                   _l("If the caller is not sure which one it is, choose that they are not sure.")),
        summary=_answer_name("setting"),
        ask=_l("Do you get this care as an outpatient, for example at an office or a clinic? "
               "Or during a hospital stay, or while you live at a treatment center?"),
        choices=(
            Choice("outpatient", _value_words("setting", "outpatient"),
                   Words(_l("For example, at an office or a clinic."), None)),
            Choice("inpatient", _value_words("setting", "inpatient"),
                   Words(_l("This is called inpatient."), None)),
            Choice("residential", _value_words("setting", "residential"),
                   Words(_l("This is called residential care."), None)),
            Choice(NOT_SURE, NOT_SURE_LABEL),
        )),
    "group": Question(
        "group", "radios",
        title=Words(_l("Is the coaching one-on-one or in a group?"), _l("Is the coaching individual or group?")),
        hint=Words(None, _l("A015 describes 0591T and 0592T as “individual” and lists no code for a group; its list of codes “may not be all-inclusive”.")),
        summary=_answer_name("group"),
        ask=_l("Do you see your coach on your own, or with other people in a group?"),
        choices=(
            Choice("individual", _value_words("group", False),
                   Words(_l("Just you and the coach."), None, _l("Just the caller and the coach."))),
            Choice("group", _value_words("group", True),
                   Words(_l("You and at least one other person."), None,
                         _l("The caller and at least one other person."))),
            Choice(NOT_SURE, NOT_SURE_LABEL),
        )),
    "session": Question(
        "session", "radios",
        title=Words(_l("Is this your first coaching visit or a follow-up?"),
                    _l("Is this the initial assessment or a follow-up session?"),
                    _l("Is this the caller's first coaching visit or a follow-up?")),
        summary=_answer_name("session"),
        ask=_l("Is this your first visit with this coach, or have you seen them before?"),
        choices=(
            Choice("initial", _value_words("session", "initial"),
                   Words(_l("Your first visit with this coach."), None,
                         _l("The caller's first visit with this coach."))),
            Choice("follow_up", _value_words("session", "follow_up"),
                   Words(_l("Any visit after the first one."), None)),
            Choice(NOT_SURE, NOT_SURE_LABEL),
        )),
    "minutes": Question(
        "minutes", "minutes",
        title={"coaching": Words(_l("How long is the coaching visit?"),
                                 _l("How long is the coaching session?")),
               "peer_support": Words(_l("How long is the peer support visit?"),
                                     _l("How long is the peer support session?"))},
        # the numbers are the version's own (app.coverage.rules.code.figures), put in where the page is made
        hint={"coaching": Words(_l("Enter the time in minutes, for example 45."),
                                _l("In minutes. 0592T is a follow-up session of at least %(minimum)s minutes.")),
              "peer_support": Words(_l("Enter the time in minutes, for example 60."),
                                    _l("In minutes. H0038 is billed per %(unit)s minutes."))},
        summary=_answer_name("minutes"),
        ask=_l("How many minutes does your visit last?")),
    "delivery": Question(
        "delivery", "radios",
        title=Words(_l("Is the visit in person, or by video or phone?"),
                    _l("Is the service given in person or by telehealth?"),
                    _l("Is the caller's visit in person, or by video or phone?")),
        summary=_answer_name("delivery"),
        ask=_l("Do you meet in person, or by video or phone?"),
        choices=(
            Choice("in_person", _value_words("delivery", "in_person")),
            Choice("telehealth", _value_words("delivery", "telehealth"),
                   Words(_l("This is called telehealth."), None)),
            Choice(NOT_SURE, NOT_SURE_LABEL),
        )),
    "date_of_service": Question(
        "date_of_service", "date",
        title=Words(_l("What is the date of the visit?"), _l("What is the date of service?"),
                    _l("What is the date of the caller's visit?")),
        hint=Words(_l("We put in today's date. Change it if the visit is on another day. For example, 3 27 2024."),
                   _l("The policy in effect on the date of service applies. For example, 3 27 2024."),
                   _l("Today's date is filled in. Change it if the visit is on another day.")),
        summary=_answer_name("date_of_service"),
        ask=_l("What is the date of your visit? If you have more than one, tell me the next one.")),
}


def choices_for(question: Question, service: str | None) -> tuple[Choice, ...]:
    """The choices in the order this service shows them."""
    if question.name == "credential":
        return tuple(CREDENTIAL_CHOICES[key] for key in CREDENTIAL_ORDER.get(service, CREDENTIAL_ORDER["coaching"]))
    return question.choices
