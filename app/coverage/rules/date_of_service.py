"""The date of service: on or after the version's Effective Date (4/15/2023 for the first).

A date before it is open: this version is silent on earlier dates of service. Its cases are in
tests/cases/date_of_service.yaml.
"""
from __future__ import annotations

from ..answers import Answers
from ..policy import Policy
from ..texts import N_, Text
from .rule import MET, POLICY_SILENT, UNKNOWN, Finding, rules_of

rule = rules_of("date_of_service", fields=("date_of_service",))

IN_EFFECT = rule("in_effect", MET, cites=("effective_date",), text=Text(
    N_("The visit is on or after %(effective)s, the date the policy took effect."),
    N_("Date of service %(date)s is on or after the policy's effective date, %(effective)s."),
    ("effective-date",)))
BEFORE_EFFECTIVE = rule("before_effective", UNKNOWN, basis=POLICY_SILENT, cites=("effective_date",), text=Text(
    N_("The visit is before this policy took effect on %(effective)s. The policy does not say what applies before then. Your plan will need to check."),
    N_("Needs review: date of service %(date)s is before A015's effective date, %(effective)s, and this version of the policy is silent on earlier dates of service."),
    ("effective-date",)))


def judge(a: Answers, p: Policy) -> Finding:
    params = (("date", a.date_of_service.isoformat()), ("effective", p.effective_date.isoformat()))
    return (BEFORE_EFFECTIVE if a.date_of_service < p.effective_date else IN_EFFECT).found(p, params)
