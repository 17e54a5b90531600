"""A check in progress, kept in the signed session cookie so that any worker can serve any page."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import session

import datetime as dt

from ..coverage.answers import AUDIENCES, MAX_MINUTES, MIN_MINUTES, STATES
from .flow import NOT_SURE, QUESTIONS, applies
from .questions import QUESTIONS as WORDING

KEY = "check"


@dataclass
class Check:
    audience: str
    answers: dict = field(default_factory=dict)

    def service(self) -> str | None:
        return self.answers.get("service")


def load() -> Check | None:
    """The check in this session, or None when none was started (or the cookie holds nonsense)."""
    stored = session.get(KEY)
    if not isinstance(stored, dict) or stored.get("audience") not in AUDIENCES:
        return None
    answers = stored.get("answers")
    answers = {k: v for k, v in answers.items() if _valid(k, v)} if isinstance(answers, dict) else {}
    return Check(stored["audience"], {k: v for k, v in answers.items() if applies(k, answers)})


def _valid(name, value) -> bool:
    """Whether a stored answer is one the questions can give: a cookie from an older version may not be."""
    if name not in QUESTIONS:
        return False
    kind = WORDING[name].kind
    if kind == "radios":
        return value in {choice.value for choice in WORDING[name].choices}
    if kind == "select":
        return value in STATES
    if kind == "minutes":
        return value == NOT_SURE or (type(value) is int and MIN_MINUTES <= value <= MAX_MINUTES)
    try:
        return isinstance(value, str) and len(value) == 10 and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def save(check: Check) -> None:
    session[KEY] = {"audience": check.audience, "answers": dict(check.answers)}


def start(audience: str) -> Check:
    """A fresh check for this audience: whatever was answered before is forgotten."""
    check = Check(audience)
    save(check)
    return check
