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


def minute_boundaries(policies: tuple[Policy, ...], service: str, base: tuple) -> tuple:
    """The minutes on each side of every minimum and unit the policies' codes draw for a service."""
    drawn = {m for p in policies for c in p.codes if c.service == service
             for limit in (c.min_minutes, c.unit_minutes) if limit for m in (limit - 1, limit, limit + 1)}
    return (None,) + tuple(sorted(set(base[1:]) | drawn))


def _coaching_details(minutes: tuple = COACHING_MINUTES) -> Iterator[dict]:
    # one-on-one, group, or not known which; first visit, follow-up, or not known; each length. With the
    # group not known, a first visit is judged as a group session too, whose minimum the length meets or not
    for value in minutes:
        yield {"group": True, "minutes": value}
        for session in (None, "follow_up"):
            yield {"group": False, "session": session, "minutes": value}
        for session in (None, "initial", "follow_up"):
            yield {"group": None, "session": session, "minutes": value}
    yield {"group": False, "session": "initial"}


def _peer_details(minutes: tuple = PEER_MINUTES) -> Iterator[dict]:
    for value in minutes:
        yield {"minutes": value}


def answer_space(policy: Policy, state: str = "NY", *, dates: tuple | None = None,
                 also: tuple[Policy, ...] = ()) -> Iterator[Answers]:
    """Every combination of the answers the engine turns on, for each service.

    `also` adds the minute boundaries of other versions (to compare two); `dates` replaces the
    policy's boundary dates."""
    details = {"coaching": _coaching_details, "peer_support": _peer_details}
    bases = {"coaching": COACHING_MINUTES, "peer_support": PEER_MINUTES}
    for service, detail in details.items():
        minutes = minute_boundaries((policy,) + also, service, bases[service])
        for diagnosis, credential, setting, delivery, date, extra in itertools.product(
                DIAGNOSES, CREDENTIALS, SETTINGS + (None,), DELIVERIES + (None,),
                boundary_dates(policy) if dates is None else dates, list(detail(minutes))):
            yield Answers(diagnosis=diagnosis, service=service, credential=credential, state=state,
                          setting=setting, delivery=delivery, date_of_service=date, **extra)


DECISION_COLUMNS = ("service", "diagnosis", "credential", "setting", "delivery", "group", "session",
                    "minutes", "date_of_service")
