"""The diagnosis criterion: "for individuals with mental health or substance use disorders".

The policy names no diagnosis codes (a typed ICD-10-CM code becomes this answer in icd10.py). Its cases are
in tests/cases/diagnosis.yaml.
"""
from __future__ import annotations

from ..answers import Answers
from ..policy import Policy
from ..texts import COVERAGE, N_, Text
from .rule import MET, NOT_KNOWN, NOT_MET, UNKNOWN, Finding, rules_of

rule = rules_of("diagnosis", fields=("diagnosis",))

HAS_DISORDER = rule("met", MET, cites=("diagnosis",), text=Text(
    N_("The policy covers these services for people with a mental health or substance use disorder. You said there is one."),
    N_("Diagnosis criterion met: a %(diagnosis)s diagnosis, and A015 covers these services for individuals with mental health or substance use disorders. The policy names no diagnosis codes."),
    (COVERAGE,)))
NO_DISORDER = rule("none", NOT_MET, cites=("diagnosis",), text=Text(
    N_("The policy covers these services for people with a mental health or substance use disorder. You said there is none. The policy does not say it covers them for anyone else."),
    N_("Diagnosis criterion not met: A015 covers these services for individuals with mental health or substance use disorders, and no such diagnosis was reported. The policy states no coverage for anyone else."),
    (COVERAGE,)))
DIAGNOSIS_UNKNOWN = rule("unknown", UNKNOWN, basis=NOT_KNOWN, cites=("diagnosis",), text=Text(
    N_("The policy covers these services for people with a mental health or substance use disorder. We don't know yet if there is one."),
    N_("Diagnosis not known: A015 covers these services for individuals with mental health or substance use disorders. Confirm the diagnosis; the policy names no diagnosis codes."),
    (COVERAGE,)))


def judge(a: Answers, p: Policy) -> Finding:
    if a.diagnosis in ("mental_health", "substance_use", "both"):
        return HAS_DISORDER.found(p, (("diagnosis", a.diagnosis),))
    if a.diagnosis == "none":
        return NO_DISORDER.found(p)
    return DIAGNOSIS_UNKNOWN.found(p)
