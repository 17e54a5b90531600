"""ICD-10-CM codes: is a code real and billable, what is it called, and which diagnosis type is it?

A015 names no diagnosis codes: it covers "individuals with mental health or substance use
disorders". Grouping ICD-10-CM codes into those two is ours, not the policy's, and every result
says so. The grouping follows the chapter the codes stand in: F10-F19 are "Mental and behavioral
disorders due to psychoactive substance use" (substance use); the rest of F01-F99 is mental health.
Outside chapter 5, the codes whose titles name one of these disorders are listed in OTHER_CHAPTERS, each
with its title and group. Any other real code says nothing either way: it neither shows such a disorder
nor rules one out, so alone it leaves the diagnosis not known, and beside an answer it never disagrees.

The code list is the one simple-icd-10-cm carries (offline); ICD10_RELEASE names it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .texts import N_

# the release in simple-icd-10-cm 1.5.x: its data files are code-list-April-2026.txt and
# icd10c-tabular-April-1-2026.xml; tests/test_icd10.py holds this name to the installed files
ICD10_RELEASE = "ICD-10-CM April 1, 2026"
RELEASE_FILE_MONTH = "April-1-2026"

SUBSTANCE_USE, MENTAL_HEALTH, UNKNOWN = "substance_use", "mental_health", "unknown"

# outside chapter 5 (F01-F99): the categories whose titles in the release name a mental or substance use
# disorder, and the group each is read as; every code under one is read the same (tests/test_icd10.py
# holds each title to the release). F17 (nicotine dependence) stands in F10-F19, so tobacco use is
# substance use here too.
OTHER_CHAPTERS = (
    ("O99.31", SUBSTANCE_USE, "Alcohol use complicating pregnancy, childbirth, and the puerperium"),
    ("O99.32", SUBSTANCE_USE, "Drug use complicating pregnancy, childbirth, and the puerperium"),
    ("O99.33", SUBSTANCE_USE, "Tobacco use disorder complicating pregnancy, childbirth, and the puerperium"),
    ("O99.34", MENTAL_HEALTH, "Other mental disorders complicating pregnancy, childbirth, and the puerperium"),
)

# what a person is told, per kind of code; translated where shown
POLICY_NAMES_NO_CODES = N_("A015 names no diagnosis codes. Grouping F10-F19 and O99.31-O99.33 as substance use, "
                           "and the rest of F01-F99 and O99.34 as mental health, is this service's reading, not the "
                           "policy's; any other code says nothing either way.")
NOTES = {
    "invalid": N_("%(code)s is not an ICD-10-CM code in the %(release)s release."),
    "not_billable": N_("%(code)s (%(name)s) is a category, not a billable code: a claim needs a more "
                       "specific code."),
    SUBSTANCE_USE: N_("%(code)s (%(name)s) is a substance use disorder code (F10-F19, O99.31-O99.33)."),
    MENTAL_HEALTH: N_("%(code)s (%(name)s) is a mental health disorder code (F01-F99, O99.34)."),
    UNKNOWN: N_("%(code)s (%(name)s): the code given is not one of those read as a mental health or substance use "
                "disorder (F01-F99, O99.31-O99.34), and it does not rule one out; the policy names no codes, so "
                "the diagnosis is not known from it."),
}
BAD_CODE = N_("Enter an ICD-10-CM code such as F32.9 or F10.20")

_SHAPE = re.compile(r"[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?")


@dataclass(frozen=True)
class Icd10Code:
    """One code looked up: `kind` is invalid, not_billable, substance_use, mental_health or unknown."""
    code: str
    valid: bool
    billable: bool
    name: str | None
    diagnosis: str | None  # substance_use, mental_health or unknown (says neither); None when the code is not real

    @property
    def kind(self) -> str:
        if not self.valid:
            return "invalid"
        return self.diagnosis if self.billable else "not_billable"

    def note(self, gettext=lambda m: m) -> str:
        """What this code is, in words; the policy's silence on codes is said once beside the notes."""
        return gettext(NOTES[self.kind]) % {"code": self.code, "name": self.name or "", "release": ICD10_RELEASE}

    def to_dict(self, gettext=lambda m: m) -> dict:
        return {"code": self.code, "valid": self.valid, "billable": self.billable, "name": self.name,
                "diagnosis": self.diagnosis, "note": self.note(gettext)}


def _codes():
    # imported when first needed: the library reads its XML data file at import (about a second)
    import simple_icd_10_cm as cm
    return cm


def normalise(code: str) -> str:
    """Upper case, no spaces, the dot after the third character as ICD-10-CM prints it. A dot anywhere else
    (F3.2) is a mistyped code, not another way of writing one: it is left where it was, for the shape
    check to refuse, rather than moved to make a code that was not typed (F32)."""
    text = re.sub(r"\s+", "", str(code)).upper()
    if "." in text and (text.count(".") > 1 or text.index(".") != 3):
        return text
    text = text.replace(".", "")
    return text if len(text) <= 3 else f"{text[:3]}.{text[3:]}"


def _group(code: str) -> str:
    for category, group, _title in OTHER_CHAPTERS:
        if code.startswith(category):
            return group
    letter, number = code[0], code[1:3]
    if letter != "F" or not number.isdigit() or int(number) < 1:
        return UNKNOWN
    return SUBSTANCE_USE if 10 <= int(number) <= 19 else MENTAL_HEALTH


@lru_cache(maxsize=4096)
def look_up(code: str) -> Icd10Code:
    """Validate, name and classify one code; anything that is not a real code is `invalid`."""
    text = normalise(code) if isinstance(code, str) else ""
    if not _SHAPE.fullmatch(text):
        shown = re.sub(r"\s+", "", code).upper() if isinstance(code, str) else ""
        return Icd10Code(shown[:16], False, False, None, None)
    cm = _codes()
    # chapters and blocks ("F10-F19") are not codes; the shape check above already keeps them out
    if not cm.is_valid_item(text):
        return Icd10Code(text, False, False, None, None)
    return Icd10Code(text, True, cm.is_leaf(text), cm.get_description(text), _group(text))


def billable_under(code: str) -> tuple[str, ...]:
    """The billable codes a category stands over, in ICD-10-CM's order (none for a billable or unknown code)."""
    found = look_up(code)
    if not found.valid or found.billable:
        return ()
    cm = _codes()
    return tuple(c for c in cm.get_descendants(found.code) if cm.is_leaf(c))


def diagnosis_of(codes) -> tuple[str, tuple[Icd10Code, ...]]:
    """The wizard's diagnosis answer from several codes, with each code looked up.

    Both groups present -> both; one -> that one; only other codes, or none real -> unknown: a code outside
    the groups does not rule a disorder out. A category (not billable) still says which group it is in."""
    found = tuple(look_up(c) for c in codes)
    groups = {c.diagnosis for c in found if c.valid}
    if SUBSTANCE_USE in groups and MENTAL_HEALTH in groups:
        return "both", found
    for group in (SUBSTANCE_USE, MENTAL_HEALTH):
        if group in groups:
            return group, found
    return UNKNOWN, found


class DiagnosisCodeError(ValueError):
    """A diagnosis code that cannot be used, or that says something else than the diagnosis answer."""


CONTRADICTION = N_("The diagnosis code %(code)s is a %(kind)s code, which does not agree with the diagnosis "
                   "answer %(diagnosis)s")
KIND_WORDS = {SUBSTANCE_USE: N_("substance use disorder"), MENTAL_HEALTH: N_("mental health disorder")}
# a code in neither group agrees with every answer: it says nothing either way
AGREES = {SUBSTANCE_USE: ("substance_use", "both", "unknown"), MENTAL_HEALTH: ("mental_health", "both", "unknown")}


def reconcile(code, diagnosis: str | None = None, gettext=lambda m: m) -> tuple[str, Icd10Code]:
    """The diagnosis answer a typed ICD-10-CM code gives, checked against a diagnosis answer given with it.

    For the API and the wizard alike: an invalid code, or one that contradicts `diagnosis`, is a
    DiagnosisCodeError with a message for a person. "unknown" given with a code is settled by the code; a code
    in neither group leaves the answer given as it is, and alone leaves the diagnosis unknown."""
    if not isinstance(code, str) or not code.strip():
        raise DiagnosisCodeError(gettext(BAD_CODE))
    found = look_up(code)
    if not found.valid:
        raise DiagnosisCodeError(found.note(gettext) + " " + gettext(BAD_CODE))
    if diagnosis is not None and diagnosis not in AGREES.get(found.diagnosis, (diagnosis,)):
        raise DiagnosisCodeError(gettext(CONTRADICTION) % {
            "code": found.code, "kind": gettext(KIND_WORDS[found.diagnosis]), "diagnosis": diagnosis})
    answer = diagnosis if diagnosis not in (None, "unknown") else found.diagnosis
    return answer, found
