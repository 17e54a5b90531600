"""The validated answers a determination is made from, and the checks that make them so."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace

DIAGNOSES = ("mental_health", "substance_use", "both", "none", "unknown")
SERVICES = ("coaching", "peer_support")
CREDENTIALS = ("nbhwc", "nchec", "coaching_program", "licensed", "certified_peer", "other_certification", "degree",
               "none", "unknown")
# the known values of the details; "unknown" (not sure) is accepted for each and kept as None, the same as
# leaving the answer out: one reading of what is not known, whichever way it was said
SETTINGS = ("outpatient", "inpatient", "residential")
SESSIONS = ("initial", "follow_up")
DELIVERIES = ("in_person", "telehealth")
NOT_SURE = "unknown"
DETAILS = ("setting", "session", "group", "minutes", "delivery")
AUDIENCES = ("member", "provider", "agent")
MIN_MINUTES, MAX_MINUTES = 1, 480

# USPS codes of the places a service can be given: the 50 states, DC and the five territories
STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands", "PR": "Puerto Rico",
    "VI": "U.S. Virgin Islands",
}

FIELDS = ("diagnosis", "service", "credential", "state", "setting", "session", "group",
          "minutes", "delivery", "date_of_service", "audience")
REQUIRED = ("diagnosis", "service", "credential", "state")

# what a person is told when a field is missing or wrong; the web layer translates these
MESSAGES = {
    "diagnosis": "Choose the diagnosis type: mental_health, substance_use, both, none or unknown",
    "service": "Choose the service: coaching or peer_support",
    "credential": "Choose the provider's credential: nbhwc, nchec, coaching_program, licensed, certified_peer, "
                  "other_certification, degree, none or unknown",
    "state": "Choose the state where the service is given, as a two-letter USPS code such as NY",
    "setting": "Choose the setting: outpatient, inpatient, residential or unknown",
    "session": "Choose the session: initial, follow_up or unknown",
    "group": "Say whether it is a group session: true, false or \"unknown\"",
    "minutes": f"Enter the session length as a whole number of minutes from {MIN_MINUTES} to {MAX_MINUTES}, "
               "or \"unknown\"",
    "delivery": "Choose how the service is given: in_person, telehealth or unknown",
    "date_of_service": "Enter the date of service as a real date written YYYY-MM-DD, such as 2024-03-01",
    "audience": "Choose the audience: member, provider or agent",
}
MISSING = "This answer is required. "
UNKNOWN_FIELD = "This is not one of the answers Coverage Check takes"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Answers:
    diagnosis: str
    service: str
    credential: str
    state: str
    # None: not known, whether left out or answered "not sure"
    setting: str | None = None
    session: str | None = None
    group: bool | None = None
    minutes: int | None = None
    delivery: str | None = None
    date_of_service: dt.date | None = None  # None: today, filled in by parse_answers
    audience: str = "member"

    def changed(self, **changes) -> "Answers":
        return replace(self, **changes)

    def to_dict(self) -> dict:
        # every answer is a plain value: asdict's deep copy of each one cost twenty times this
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        if self.date_of_service is not None:
            data["date_of_service"] = self.date_of_service.isoformat()
        return data


_FIELD_NAMES = tuple(f.name for f in fields(Answers))


class AnswerErrors(ValueError):
    """Answers that cannot be used, with a message for a person per field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _choice(value, choices):
    return value if isinstance(value, str) and value in choices else ...


def _detail(check):
    """A detail's check that takes "unknown" as not known: None, as if it were left out."""
    return lambda value: None if value == NOT_SURE else check(value)


def _minutes(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON does not tell 30 from 30.0
    if isinstance(value, bool) or not isinstance(value, int):
        return ...
    return value if MIN_MINUTES <= value <= MAX_MINUTES else ...


def _group(value):
    return value if isinstance(value, bool) else ...


def _date(value):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return ...
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return ...


_CHECKS = {
    "diagnosis": lambda v: _choice(v, DIAGNOSES),
    "service": lambda v: _choice(v, SERVICES),
    "credential": lambda v: _choice(v, CREDENTIALS),
    "state": lambda v: _choice(v, STATES),
    "setting": _detail(lambda v: _choice(v, SETTINGS)),
    "session": _detail(lambda v: _choice(v, SESSIONS)),
    "group": _detail(_group),
    "minutes": _detail(_minutes),
    "delivery": _detail(lambda v: _choice(v, DELIVERIES)),
    "date_of_service": _date,
    "audience": lambda v: _choice(v, AUDIENCES),
}


def parse_answers(data, today: dt.date | None = None) -> Answers:
    """Check a mapping of raw answers; raise AnswerErrors naming every bad field.

    Optional answers may be left out, given as null or as "unknown": all three mean not known. The date of
    service defaults to today.
    """
    if not isinstance(data, dict):
        raise AnswerErrors({"body": "Send the answers as a JSON object"})
    errors, values = {}, {}
    for name in data:
        if name not in _CHECKS:
            errors[str(name)[:64]] = UNKNOWN_FIELD
    for name, check in _CHECKS.items():
        raw = data.get(name)
        if raw is None:
            if name in REQUIRED:
                errors[name] = MISSING + MESSAGES[name]
            continue
        value = check(raw)
        if value is ...:
            errors[name] = MESSAGES[name]
        elif value is not None:
            values[name] = value
    if errors:
        raise AnswerErrors(errors)
    values.setdefault("date_of_service", today or dt.date.today())
    return Answers(**values)
