"""The whole answer space: every combination of the enumerable answers a determination turns on.

Minutes and dates are not enumerable; they are represented by the values on each side of every
boundary the policy draws (the 30-minute minimum of 0592T, H0038's 15-minute unit, the effective
date and the next review date). State changes no outcome under A015, which applies the same
words in every state; tests/test_exhaustive.py proves that over every state, and the space uses
one state so that its size stays readable.
"""
from __future__ import annotations

import datetime as dt
import itertools
from typing import Iterator

from .answers import CREDENTIALS, DELIVERIES, DIAGNOSES, SETTINGS, Answers
from .policy import Policy

DAY = dt.timedelta(days=1)
COACHING_MINUTES = (None, 1, 29, 30, 31, 480)
PEER_MINUTES = (None, 1, 14, 15, 16, 29, 30, 45, 50, 60, 480)


def boundary_dates(policy: Policy) -> tuple[dt.date, ...]:
    return (policy.effective_date - DAY, policy.effective_date,
            policy.next_review_date, policy.next_review_date + DAY)


def _coaching_details() -> Iterator[dict]:
    # one-on-one, group, or not known which; first visit, follow-up, or not known; each length
    for minutes in COACHING_MINUTES:
        yield {"group": True, "minutes": minutes}
        for group in (False, None):
            for session in (None, "follow_up"):
                yield {"group": group, "session": session, "minutes": minutes}
    for group in (False, None):
        yield {"group": group, "session": "initial"}


def _peer_details() -> Iterator[dict]:
    for minutes in PEER_MINUTES:
        yield {"minutes": minutes}


def answer_space(policy: Policy, state: str = "NY") -> Iterator[Answers]:
    """Every combination of the answers the engine turns on, for each service."""
    details = {"coaching": _coaching_details, "peer_support": _peer_details}
    for service, detail in details.items():
        for diagnosis, credential, setting, delivery, date, extra in itertools.product(
                DIAGNOSES, CREDENTIALS, SETTINGS + (None,), DELIVERIES + (None,),
                boundary_dates(policy), list(detail())):
            yield Answers(diagnosis=diagnosis, service=service, credential=credential, state=state,
                          setting=setting, delivery=delivery, date_of_service=date, **extra)


DECISION_COLUMNS = ("service", "diagnosis", "credential", "setting", "delivery", "group", "session",
                    "minutes", "date_of_service")
