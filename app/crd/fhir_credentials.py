"""The provider's credential, read from FHIR PractitionerRole and Practitioner resources (plain dicts).

What counts is what A015 turns on: NBC-HWC or CHES/MCHES for coaching, a state peer certification
for peer support, a state licence for either. A NUCC taxonomy code names a profession; only the
professions that cannot practise without a state licence are read as `licensed`. A role whose
credential cannot be told is `unknown`, never `none`: missing information is not a missing licence.
"""
from __future__ import annotations

import re

from ..coverage.answers import STATES

STATE_NAMES = {name: code for code, name in STATES.items()}
# every state's name as a word, the longest first, so "West Virginia" is read as itself and not also as Virginia
_STATE_CODES = {name.casefold(): code for name, code in STATE_NAMES.items()}
_STATE_NAME = re.compile(r"\b(" + "|".join(re.escape(name) for name in sorted(STATE_NAMES, key=len, reverse=True))
                         + r")\b", re.I)
_BRACKETED_CODE = re.compile(r"\(([A-Z]{2})\)")
_STATE_CODE_SET = frozenset(STATE_NAMES.values())

NUCC_SYSTEM = "http://nucc.org/provider-taxonomy"

# NUCC taxonomy codes (and prefixes) of professions that practise under a state licence
LICENSED_TAXONOMY_PREFIXES = (
    "20",          # allopathic and osteopathic physicians (207*, 208*), psychiatry 2084P0800X included
    "103T",        # psychologists
    "1041C0700X",  # clinical social worker
    "101YP2500X",  # professional counselor
    "101YM0800X",  # mental health counselor
    "106H00000X",  # marriage and family therapist
    "363L",        # nurse practitioners
    "363A",        # physician assistants
    "364S",        # clinical nurse specialists
    "163W",        # registered nurses
)
PEER_TAXONOMY = ("175T00000X",)  # Peer Specialist
# HL7 v2 table 0360, "concepts specifying an educational degree (e.g., MD)": a degree says nothing of a licence,
# so a qualification coded in it leaves the credential not known (never `degree`, never `licensed`)
DEGREE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0360"
# a qualification not yet, or no longer, held: not read as the credential it names
NOT_HELD = re.compile(r"\b(candidate|eligible|pending|applicant|expired|lapsed|inactive|revoked|suspended|"
                      r"in[- ]training|trainee|student|intern)\b", re.I)

# words in a qualification's code, display or text; whole words, case-insensitive
_PATTERNS = (
    ("nbhwc", re.compile(r"\b(NBC-?HWC|NBHWC|national board certified health (and|&) wellness coach)\b", re.I)),
    ("nchec", re.compile(r"\b(M?CHES|certified health education specialist|NCHEC)\b", re.I)),
    ("certified_peer", re.compile(r"\b(certified (peer|recovery)|peer (support|recovery) (specialist|"
                                  r"certification)|CPS|CPRS|CPSS|CRPS)\b", re.I)),
    ("licensed", re.compile(r"\b(licen[cs]ed?|licen[cs]e|LCSW|LICSW|LPC|LPCC|LMHC|LMFT|LCPC|MD|DO|NP|PA-C|RN|"
                            r"psychologist)\b", re.I)),
    # the General Background's "coaching certification issued by an accredited training program"
    ("coaching_program", re.compile(r"\b(accredited\b.*\bcoach\w*|coach\w*\b.*\baccredited)\b", re.I)),
    ("other_certification", re.compile(r"\bcertif", re.I)),
)

# the credential that best meets each service's condition comes first
PREFERENCE = {
    "coaching": ("nbhwc", "nchec", "coaching_program", "licensed", "certified_peer", "other_certification"),
    "peer_support": ("certified_peer", "licensed", "nbhwc", "nchec", "coaching_program", "other_certification"),
}


def _taxonomy(code: str) -> str | None:
    if code in PEER_TAXONOMY:
        return "certified_peer"
    if any(code.startswith(prefix) for prefix in LICENSED_TAXONOMY_PREFIXES):
        return "licensed"
    return None


def _words(concept: dict) -> list[str]:
    words = [concept.get("text") or ""]
    for coding in concept.get("coding") or ():
        if isinstance(coding, dict):
            words += [coding.get("code") or "", coding.get("display") or ""]
    return [w for w in words if isinstance(w, str) and w]


def _from_words(concept: dict) -> str | None:
    text = " | ".join(_words(concept))
    for credential, pattern in _PATTERNS:
        if pattern.search(text):
            return credential
    return None


def _concepts(value) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    return [c for c in value or () if isinstance(c, dict)]


def _in_force(period, date: str | None) -> bool:
    """Whether a qualification's period covers the date of service (ISO text, compared to the precision given)."""
    if not isinstance(period, dict) or not date:
        return True
    start, end = period.get("start"), period.get("end")
    if isinstance(end, str) and end and date[:len(end[:10])] > end[:10]:
        return False
    return not (isinstance(start, str) and start and date[:len(start[:10])] < start[:10])


def _other_state(qualification: dict, concept: dict, state: str | None) -> bool:
    """Whether the qualification names a state, and not the service's: its scope there is then in doubt."""
    if state is None:
        return False
    issuer = qualification.get("issuer") if isinstance(qualification.get("issuer"), dict) else {}
    text = " | ".join(_words(concept) + [w for w in (issuer.get("display"),) if isinstance(w, str)])
    named = {_STATE_CODES[name.casefold()] for name in _STATE_NAME.findall(text)}
    # a USPS code only where it stands alone in brackets or as the issuer's: "(GA)", not the PA of "PA-C"
    named |= {code for code in _BRACKETED_CODE.findall(text) if code in _STATE_CODE_SET}
    if isinstance(issuer.get("display"), str) and issuer["display"].strip() in _STATE_CODE_SET:
        named.add(issuer["display"].strip())
    return bool(named) and state not in named


def _not_read(qualification: dict, concept: dict, date: str | None, state: str | None) -> bool:
    """A qualification that does not show the credential for this service on this date: a degree, one not yet or
    no longer held, one outside its period, or one issued by another state than the service's."""
    if any(isinstance(c, dict) and c.get("system") == DEGREE_SYSTEM for c in concept.get("coding") or ()):
        return True
    return (bool(NOT_HELD.search(" | ".join(_words(concept)))) or not _in_force(qualification.get("period"), date)
            or _other_state(qualification, concept, state))


def credentials_of(roles: list[dict], practitioners: list[dict], date: str | None = None,
                   state: str | None = None) -> set[str]:
    """Every credential the performer's resources show: taxonomy codes, then qualifications (those read on the
    date of service, for the service's state, as _not_read says)."""
    found = set()
    for role in roles:
        for concept in _concepts(role.get("code")) + _concepts(role.get("specialty")):
            for coding in concept.get("coding") or ():
                if isinstance(coding, dict) and coding.get("system") == NUCC_SYSTEM and isinstance(coding.get("code"), str):
                    credential = _taxonomy(coding["code"])
                    if credential:
                        found.add(credential)
    for practitioner in practitioners:
        for qualification in practitioner.get("qualification") or ():
            if not isinstance(qualification, dict):
                continue
            for concept in _concepts(qualification.get("code")):
                if _not_read(qualification, concept, date, state):
                    continue
                nucc = [c.get("code") for c in concept.get("coding") or ()
                        if isinstance(c, dict) and c.get("system") == NUCC_SYSTEM and isinstance(c.get("code"), str)]
                credential = next(filter(None, map(_taxonomy, nucc)), None) or _from_words(concept)
                if credential:
                    found.add(credential)
    return found


def credential_for(service: str, roles: list[dict], practitioners: list[dict], date: str | None = None,
                   state: str | None = None) -> str:
    """One of the wizard's credential answers; `unknown` when the resources do not tell. The best readable
    qualification for the service decides."""
    found = credentials_of(roles, practitioners, date, state)
    return next((c for c in PREFERENCE[service] if c in found), "unknown")
