"""How a determination's words are kept: a Text in two registers (plain words for members and callers, codes
and credentials for provider offices) with the policy anchors it rests on; and the words the engine puts
together itself (what would change the answer, the outcomes). Each reason's and notice's own words stand
beside its rule, in rules/.

Each message is marked with N_ so that pybabel extracts it; the engine looks it up through the
translation function it is given, so the texts follow the reader's language. tests/test_texts.py
holds every text to anchors that exist, and every reason to quoting one of its text's anchors.
Where the policy is silent, the text says so in as many words.
"""
from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark a message for extraction where it is kept untranslated; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Text:
    """One message in each register, and the anchors of the policy words it rests on."""
    plain: str
    technical: str
    anchors: tuple[str, ...]

    def __getitem__(self, register: str) -> str:
        return self.plain if register == "plain" else self.technical


# register by audience: a call-center agent reads the plain words aloud to the caller
REGISTER = {"member": "plain", "agent": "plain", "provider": "technical"}

COVERAGE = "administrative-policy-coverage"
PLAN_TERMS = "administrative-policy-plan-terms"
CODING = ("code-0591T", "code-0592T")
CONSIDERED = "coding-considered-covered"

# the values put into a text that are words of the catalogue, translated with it: a diagnosis and a credential
# as vocabulary.py names them, and a state's name where Spanish writes it otherwise ("Nueva York", spanish.py)
TRANSLATED_PARAMS = {"diagnosis", "credential", "state"}
DATE_PARAMS = {"date", "effective", "review"}  # ISO dates, written out in the reader's language

# --- what would change the answer, as a sentence: "It would likely be covered if the visit is in person."
# the conditions that could be otherwise come first; those not known yet are said as things to find out
CHANGE_SENTENCES = {
    "choice": Text(N_("It would likely be covered if %(choices)s."), N_("Likely covered if %(choices)s."),
                   (COVERAGE, CONSIDERED)),
    "confirm": Text(N_("It would likely be covered if you find out that %(confirms)s."),
                    N_("Likely covered once it is confirmed that %(confirms)s."), (COVERAGE, CONSIDERED)),
    "both": Text(N_("It would likely be covered if %(choices)s. You would also need to find out that %(confirms)s."),
                 N_("Likely covered if %(choices)s, once it is confirmed that %(confirms)s."), (COVERAGE, CONSIDERED)),
}
ALTERNATIVES = N_("%(choices)s or %(last)s")
ALTERNATIVES_SERIES = N_("%(choices)s, or %(last)s")  # three or more, so "CHES or MCHES" stays one
BOTH = N_("%(first)s and %(last)s")

CONDITIONS = {
    "diagnosis": Text(N_("you have %(values)s"), N_("the member has %(values)s"), (COVERAGE,)),
    "setting": Text(N_("the care is outpatient"), N_("the service is outpatient"), (COVERAGE,)),
    "delivery": Text(N_("the visit is in person"), N_("the service is face-to-face (in person)"), CODING),
    "group": Text(N_("the coaching is one-on-one"), N_("the coaching is individual (0591T or 0592T)"), CODING),
    "session": Text(N_("it is %(values)s"), N_("the session is %(values)s"), CODING),
    "minutes": Text(N_("the visit lasts at least %(minutes)s minutes"), N_("the session lasts at least %(minutes)s minutes"),
                    CODING + ("code-H0038",)),
}

# a condition whose words depend on the service: who holds the credential
CONDITIONS_BY_SERVICE = {
    ("credential", "coaching"): Text(N_("the coach has %(values)s"),
                                     N_("the rendering provider holds %(values)s, within its scope under state law"),
                                     (COVERAGE,)),
    ("credential", "peer_support"): Text(N_("the peer support worker has %(values)s"),
                                         N_("the rendering provider holds %(values)s, within its scope under state law"),
                                         (COVERAGE,)),
}
