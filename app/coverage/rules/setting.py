"""The setting criterion: "Cigna covers outpatient ..." (the policy never defines outpatient).

The policy covers outpatient services and says nothing of the others: an inpatient or residential setting is
for a person to look at. Its cases are in tests/cases/setting.yaml.
"""
from __future__ import annotations

from ..answers import Answers
from ..policy import Policy
from ..texts import COVERAGE, N_, Text
from .rule import MET, NOT_KNOWN, POLICY_SILENT, UNKNOWN, Finding, rules_of

rule = rules_of("setting", fields=("setting",))

OUTPATIENT = rule("outpatient", MET, cites=("setting",), text=Text(
    N_("The policy covers outpatient care. You said this care is outpatient."),
    N_("Setting criterion met: A015 covers outpatient services."),
    (COVERAGE,)))
NOT_OUTPATIENT = rule("not_outpatient", UNKNOWN, basis=POLICY_SILENT, cites=("setting",), text=Text(
    N_("The policy covers outpatient care. It does not say if care during a hospital stay or at a live-in treatment center is covered. Your plan will need to check."),
    N_("Needs review: A015 covers outpatient services and is silent on inpatient and residential settings. Check the benefit plan document for services during an inpatient or residential stay."),
    (COVERAGE,)))
SETTING_UNKNOWN = rule("unknown", UNKNOWN, basis=NOT_KNOWN, cites=("setting",), text=Text(
    N_("The policy covers outpatient care. We don't know yet if this care is outpatient."),
    N_("Setting not known: A015 covers outpatient services. Confirm the place of service."),
    (COVERAGE,)))


def judge(a: Answers, p: Policy) -> Finding:
    if a.setting == "outpatient":
        return OUTPATIENT.found(p)
    if a.setting in ("inpatient", "residential"):
        return NOT_OUTPATIENT.found(p)
    return SETTING_UNKNOWN.found(p)
