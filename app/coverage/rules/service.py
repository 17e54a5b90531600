"""The service criterion: "Cigna covers outpatient behavioral health coaching and peer support services".

Both services the answers can name are within the policy's scope. Its cases are in tests/cases/service.yaml.
"""
from __future__ import annotations

from ..answers import Answers
from ..policy import Policy
from ..texts import CODING, COVERAGE, N_, Text
from .rule import MET, Finding, rules_of

rule = rules_of("service", fields=())

COACHING = rule("coaching", MET, cites=("service",), text=Text(
    N_("Health coaching is one of the services this policy covers."),
    N_("Behavioral health coaching is within the scope of A015, which lists CPT 0591T and 0592T."),
    (COVERAGE,) + CODING))
PEER_SUPPORT = rule("peer_support", MET, cites=("service",), text=Text(
    N_("Peer support is one of the services this policy covers."),
    N_("Peer support services are within the scope of A015, which lists HCPCS H0038."),
    (COVERAGE, "code-H0038")))


def judge(a: Answers, p: Policy) -> Finding:
    return (COACHING if a.service == "coaching" else PEER_SUPPORT).found(p)
