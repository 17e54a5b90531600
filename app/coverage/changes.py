"""What would change the answer: every way, with no answer more than it needs, to reach likely_covered.

Found by re-running the criteria, never written by hand. Only what could really be otherwise is
offered: an answer not known yet ("confirm": finding it out), or a choice about the visit ("choice":
the provider, the setting, in person, one-on-one, the length). A fact of the visit is never offered
as a change: a known diagnosis, whether it is a first visit, the date of service; and, for a visit
dated before the day of the check, everything known of it, since it has taken place as it did.
"""
from __future__ import annotations

import itertools
import math

from .answers import CREDENTIALS, DELIVERIES, DIAGNOSES, NOT_SURE, SESSIONS, SETTINGS, Answers
from .rules import MET, Finding
from .policy import Policy

CHOICE, CONFIRM = "choice", "confirm"
FACTS_WHEN_KNOWN = ("diagnosis", "session")
KNOWN_VALUES = {"diagnosis": tuple(d for d in DIAGNOSES if d != NOT_SURE),
                # a state license first: it meets the credential for either service
                "credential": ("licensed",) + tuple(c for c in CREDENTIALS if c not in (NOT_SURE, "licensed")),
                "setting": SETTINGS, "session": SESSIONS, "delivery": DELIVERIES, "group": (False, True)}


def kind(name: str, answers: Answers, past: bool = False) -> str | None:
    """CONFIRM for an answer not known, CHOICE for one that could be otherwise, None for a fact; every known
    answer of a visit that is `past` (dated before the day of the check) is a fact."""
    if name == "date_of_service":
        return None  # the visit is on the day it is; a date before the policy is already past
    value = getattr(answers, name)
    if value is None or value == NOT_SURE:
        return CONFIRM
    return None if past or name in FACTS_WHEN_KNOWN else CHOICE


def candidates(name: str, answers: Answers, policy: Policy) -> tuple:
    """The values worth trying: the known choices, and for minutes the policy's own minimums."""
    current = getattr(answers, name)
    if name == "minutes":
        wanted = {c.min_minutes or c.unit_minutes for c in policy.codes
                  if c.service == answers.service and (c.min_minutes or c.unit_minutes)}
        return tuple(sorted(m for m in wanted if current is None or m > current))
    return tuple(v for v in KNOWN_VALUES[name] if v != current)


def per_criterion(finding: Finding, answers: Answers, policy: Policy, judge, past: bool = False) -> list[tuple]:
    """Every irreducible set of this criterion's changeable answers whose change meets it: no part of
    one would do on its own, so a longer way is offered beside a shorter one only when it is another way."""
    open_fields = [f for f in finding.fields if kind(f, answers, past)]
    options = {name: candidates(name, answers, policy) for name in open_fields}
    working: list[frozenset] = []
    found: dict[tuple[str, ...], list[tuple]] = {}
    for size in range(1, len(open_fields) + 1):
        for names in itertools.combinations(open_fields, size):
            for values in itertools.product(*(options[n] for n in names)):
                pairs = frozenset(zip(names, values))
                if any(smaller <= pairs for smaller in working):
                    continue
                if judge(answers.changed(**dict(zip(names, values))), policy).status == MET:
                    working.append(pairs)
                    found.setdefault(names, []).append(values)
    return [tuple((n, vs, kind(n, answers, past)) for n, vs in way) for way in _group_changes(found)]


def combine(ways_per_criterion: list[list[tuple]]) -> list[tuple]:
    """A way for the whole is one way for each criterion not met; none if any criterion has none.

    Sound because no two criteria turn on the same answer (tests/test_exhaustive.py proves it)."""
    if any(not ways for ways in ways_per_criterion):
        return []
    return [tuple(itertools.chain.from_iterable(parts)) for parts in itertools.product(*ways_per_criterion)]


def _group_changes(found: dict[tuple[str, ...], list[tuple]]) -> list[tuple[tuple[str, tuple], ...]]:
    """Fold the working combinations into per-answer value lists where they form a full product."""
    ways = []
    for names, combos in found.items():
        per_field = [tuple(dict.fromkeys(c[i] for c in combos)) for i in range(len(names))]
        if len(combos) == math.prod(len(values) for values in per_field):
            ways.append(tuple(zip(names, per_field)))
        else:
            ways.extend(tuple((n, (v,)) for n, v in zip(names, combo)) for combo in combos)
    return ways
