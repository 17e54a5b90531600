"""The names of the answers and their values, the statuses, the outcomes and the audiences: each defined once,
in every form and register it is said in, for every page, the API's texts, the case note and the cards.

A value of an answer is a Term: its words on a page (the choice a member picks, which an agent reads too unless
told otherwise, and the office's), within a sentence of what would change (plain and technical), in a table of
answers (how we decide, the policy team's pages), and before a noun in a reason ("a mental health diagnosis").
A form a value is never said in is left out. Every string is marked N_ and translated where it is shown: the
engine through the gettext it is given, the web pages through app.i18n.lazy.
"""
from __future__ import annotations

from dataclasses import dataclass

from .texts import N_


@dataclass(frozen=True)
class Words:
    """One text for each audience: members', offices', and agents' where it is not the members'."""
    member: object
    provider: object
    agent: object = None

    def for_audience(self, audience: str):
        if audience == "provider":
            return self.provider
        if audience == "agent" and self.agent is not None:
            return self.agent
        return self.member


@dataclass(frozen=True)
class Term:
    """An answer, or one of its values, in each form it is said in."""
    words: Words  # on a page: the choice (or the answer's short name beside it), by audience
    said: tuple[str, str] | None = None  # within a sentence, plain and technical: "the coach has a state license"
    table: str | None = None  # standing alone in a table; an answer's name there is the office's words otherwise
    modifier: str | None = None  # before a noun, in a reason: "a mental health diagnosis"

    @property
    def in_table(self) -> str:
        return self.table or self.words.provider


NOT_SURE = Term(Words(N_("I'm not sure"), N_("Not known yet"), N_("The caller is not sure")), table=N_("not sure"))

# --- the answers' names: beside each answer on check your answers, and at the head of a table's column -------
ANSWERS = {
    "diagnosis": Term(Words(N_("Condition"), N_("Diagnosis"))),
    "service": Term(Words(N_("Kind of care"), N_("Service"))),
    "credential": Term(Words(N_("License or certificate"), N_("Credential")), table=N_("Provider's credential")),
    "state": Term(Words(N_("State"), N_("State"))),
    "setting": Term(Words(N_("Where"), N_("Setting"))),
    "group": Term(Words(N_("One-on-one or group"), N_("Individual or group"))),
    "session": Term(Words(N_("First visit or follow-up"), N_("Session"))),
    "minutes": Term(Words(N_("Length of visit"), N_("Minutes"))),
    "delivery": Term(Words(N_("In person or by video"), N_("Delivery")), table=N_("In person or telehealth")),
    "date_of_service": Term(Words(N_("Date of visit"), N_("Date of service"))),
}
# a criterion is named as the answer it turns on, but for the code, which turns on several
CRITERIA = {**{name: term.in_table for name, term in ANSWERS.items() if name not in ("state", "group", "session",
                                                                                      "minutes")},
            "code": N_("Code and minutes")}

# --- the answers' values, keyed as the engine keeps them -------------------------------------------------------
VALUES = {
    "diagnosis": {
        "mental_health": Term(Words(N_("Yes, a mental health condition"), N_("Mental health disorder")),
                              said=(N_("a mental health disorder"), N_("a mental health disorder")),
                              modifier=N_("mental health")),
        "substance_use": Term(Words(N_("Yes, a substance use disorder"), N_("Substance use disorder")),
                              said=(N_("a substance use disorder"), N_("a substance use disorder")),
                              modifier=N_("substance use")),
        "both": Term(Words(N_("Yes, both"), N_("Both")), said=(N_("both"), N_("both")),
                     modifier=N_("mental health and substance use")),
        "none": Term(Words(N_("No"), N_("Neither")), table=N_("neither")),
        "unknown": NOT_SURE,
    },
    "service": {
        "coaching": Term(Words(N_("Behavioral health coaching"), N_("Behavioral health coaching")),
                         table=N_("behavioral health coaching")),
        "peer_support": Term(Words(N_("Peer support"), N_("Peer support services")), table=N_("peer support")),
    },
    "credential": {
        "nbhwc": Term(Words(N_("NBC-HWC"), N_("NBC-HWC")), said=(N_("the NBC-HWC certificate"), N_("NBC-HWC")),
                      table=N_("NBC-HWC (National Board for Health & Wellness Coaching)")),
        "nchec": Term(Words(N_("CHES or MCHES"), N_("CHES or MCHES")),
                      said=(N_("a CHES or MCHES certificate"), N_("CHES or MCHES")),
                      table=N_("CHES or MCHES (National Commission for Health Education Credentialing)")),
        "coaching_program": Term(Words(N_("A certificate from an accredited coaching program"),
                                       N_("Coaching certification from an accredited training program")),
                                 said=(N_("a certificate from an accredited coaching program"),
                                       N_("a coaching certification from an accredited training program")),
                                 table=N_("a coaching certificate from an accredited training program")),
        "licensed": Term(Words(N_("A state license"), N_("State-licensed health professional")),
                         said=(N_("a state license"), N_("a state license")),
                         table=N_("a state-licensed health professional")),
        "certified_peer": Term(Words(N_("A peer specialist certificate"), N_("State-certified peer specialist")),
                               said=(N_("a peer specialist certificate"), N_("a peer support certification")),
                               table=N_("a state-certified peer specialist")),
        "other_certification": Term(Words(N_("Another certificate"), N_("Another certification")),
                                    table=N_("another certificate")),
        "degree": Term(Words(N_("A degree only, with no license or certificate"),
                             N_("Advanced degree only, no license or certification")),
                       table=N_("an advanced degree, with no license or certificate")),
        "none": Term(Words(N_("No license or certificate"), N_("No license or certification")),
                     table=N_("no license or certificate")),
        "unknown": NOT_SURE,
    },
    "setting": {
        "outpatient": Term(Words(N_("Outpatient"), N_("Outpatient")), table=N_("outpatient")),
        "inpatient": Term(Words(N_("During a hospital stay"), N_("Inpatient")), table=N_("inpatient")),
        "residential": Term(Words(N_("While you live at a treatment center"), N_("Residential treatment")),
                            table=N_("residential")),
        "unknown": NOT_SURE,
    },
    "group": {
        False: Term(Words(N_("One-on-one"), N_("Individual")), table=N_("individual")),
        True: Term(Words(N_("In a group"), N_("Group (2 or more individuals)")), table=N_("group")),
        "unknown": NOT_SURE,
    },
    "session": {
        "initial": Term(Words(N_("First visit"), N_("Initial assessment (0591T)")),
                        said=(N_("a first visit"), N_("the initial assessment (0591T)")),
                        table=N_("first visit (initial assessment)")),
        "follow_up": Term(Words(N_("Follow-up visit"), N_("Follow-up session (0592T)")),
                          said=(N_("a follow-up visit"), N_("a follow-up session (0592T)")),
                          table=N_("follow-up visit")),
        "unknown": NOT_SURE,
    },
    "delivery": {
        "in_person": Term(Words(N_("In person"), N_("In person (face-to-face)")), table=N_("in person")),
        "telehealth": Term(Words(N_("By video or phone"), N_("Telehealth (video or audio-only)")),
                           table=N_("telehealth (video or phone)")),
        "unknown": NOT_SURE,
    },
}
# a whole set of values said in one phrase, in each register: every diagnosis the policy covers
SETS = {
    ("diagnosis", frozenset({"mental_health", "substance_use", "both"})):
        (N_("a mental health or substance use disorder"), N_("a mental health or substance use disorder")),
}


def said(name: str, value, register: str) -> str:
    """A value within a sentence, in a register ("plain" or "technical")."""
    return VALUES[name][value].said[0 if register == "plain" else 1]


def in_table(name: str, value) -> str | None:
    """A value standing alone in a table; None for one without such words (minutes, a date)."""
    term = VALUES.get(name, {}).get(value)
    return None if term is None else term.table or term.said[0]


# --- a criterion's status, in each register, on a card and in a table ----------------------------------------
STATUSES = {
    "plain": {"met": N_("Meets the policy"), "not_met": N_("Does not meet the policy"), "unknown": N_("Needs checking")},
    "technical": {"met": N_("Met"), "not_met": N_("Not met"), "unknown": N_("Unknown")},
    "card": {"met": N_("Met"), "not_met": N_("Not met"), "unknown": N_("Needs review")},
    "table": {"met": N_("met"), "not_met": N_("not met"), "unknown": N_("not sure: needs review")},
}

# a code line's own conditions on the answers, in each register: met, not met, or not known (true, false, null)
ELIGIBILITY = {
    "plain": {True: N_("Yes"), False: N_("No"), None: N_("Not known yet")},
    "technical": {True: N_("Eligible"), False: N_("Not eligible"), None: N_("Not known")},
}

OUTCOMES = {
    "likely_covered": N_("Likely covered"),
    "likely_not_covered": N_("Likely not covered"),
    "needs_review": N_("Needs review"),
}

# --- whose check it is: at the head of its pages, said of a saved one, in a table ---------------------------
AUDIENCE_WORDS = {
    "heading": {"member": N_("For members"), "provider": N_("For provider offices"),
                "agent": N_("For call-center agents")},
    "said": {"member": N_("a member"), "provider": N_("a provider office"), "agent": N_("a call-center agent")},
    "table": {"member": N_("Members"), "provider": N_("Provider offices"), "agent": N_("Call-center agents")},
}
# the language a determination was saved in, named in the reader's (app.i18n names each in its own words)
LANGUAGE_WORDS = {"en": N_("English"), "es": N_("Spanish")}
