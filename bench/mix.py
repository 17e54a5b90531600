"""The request bodies both benchmarks send: a realistic mix of what members, offices and agents ask.

Three in ten come out likely_covered; the rest do not, so evaluate() also searches for what would
change the answer. The API benchmark posts these bodies as they are; the engine benchmark parses
them with the same parse_answers the API uses.
"""
from __future__ import annotations

import datetime as dt

from app.coverage.answers import Answers, parse_answers

IN_EFFECT = "2024-03-01"  # after the effective date and before the next review date

COMPLETE: tuple[tuple[str, dict], ...] = (
    ("coaching, initial assessment by an NBC-HWC coach",
     {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "NY",
      "setting": "outpatient", "group": False, "session": "initial", "delivery": "in_person",
      "date_of_service": IN_EFFECT}),
    ("coaching, 45-minute follow-up by a licensed professional",
     {"diagnosis": "substance_use", "service": "coaching", "credential": "licensed", "state": "TX",
      "setting": "outpatient", "group": False, "session": "follow_up", "minutes": 45, "delivery": "in_person",
      "date_of_service": IN_EFFECT, "audience": "provider"}),
    ("peer support, 60 minutes by a certified peer",
     {"diagnosis": "both", "service": "peer_support", "credential": "certified_peer", "state": "CA",
      "setting": "outpatient", "minutes": 60, "delivery": "in_person", "date_of_service": IN_EFFECT,
      "audience": "agent"}),
    ("coaching, 20-minute follow-up: under the 30-minute minimum",
     {"diagnosis": "mental_health", "service": "coaching", "credential": "nchec", "state": "OH",
      "setting": "outpatient", "group": False, "session": "follow_up", "minutes": 20, "delivery": "in_person",
      "date_of_service": IN_EFFECT, "audience": "provider"}),
    ("peer support with no qualifying diagnosis",
     {"diagnosis": "none", "service": "peer_support", "credential": "certified_peer", "state": "FL",
      "setting": "outpatient", "minutes": 30, "delivery": "in_person", "date_of_service": IN_EFFECT}),
    ("coaching by telehealth, date left to default to today",
     {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "WA",
      "setting": "outpatient", "group": False, "session": "initial", "delivery": "telehealth"}),
    ("peer support given by a health coach, 50 minutes",
     {"diagnosis": "substance_use", "service": "peer_support", "credential": "nbhwc", "state": "PA",
      "setting": "outpatient", "minutes": 50, "delivery": "in_person", "date_of_service": IN_EFFECT,
      "audience": "agent"}),
    ("group coaching",
     {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "IL",
      "group": True, "setting": "outpatient", "delivery": "in_person", "date_of_service": IN_EFFECT,
      "audience": "provider"}),
    ("peer support the day before the effective date, inpatient",
     {"diagnosis": "mental_health", "service": "peer_support", "credential": "certified_peer", "state": "NJ",
      "setting": "inpatient", "minutes": 30, "delivery": "in_person", "date_of_service": "2023-04-14",
      "audience": "provider"}),
)

# a member early in the wizard, or an agent on a short call: "I'm not sure" to most questions
SPARSE: tuple[tuple[str, dict], ...] = (
    ("a member who knows only the service and the state",
     {"diagnosis": "unknown", "service": "coaching", "credential": "unknown", "state": "GA"}),
)

BODIES = COMPLETE + SPARSE  # the mix: one body in ten is sparse


def answers_mix(bodies=BODIES, today: dt.date | None = None) -> list[tuple[str, Answers]]:
    """The bodies as the engine sees them, through the same checks the API makes."""
    return [(label, parse_answers(body, today=today)) for label, body in bodies]
