"""Checks in progress, kept in the encrypted session cookie so that any worker can serve any page.

A browser may run several checks at once (one per tab): each has a short random id that stands
in its URLs, and the cookie holds up to MAX_CHECKS of them. When one more must go, a finished one
goes first (its result is saved under its reference), then the least recently used; the start page
says which before it goes. A check left alone for CHECK_IDLE_MINUTES is forgotten, and its pages say so.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from dataclasses import dataclass, field

from flask import current_app, session

from ..security import idle_expired
from ..coverage.answers import AUDIENCES, MAX_MINUTES, MIN_MINUTES, STATES
from .flow import EXTRAS, NOT_SURE, QUESTIONS, applies
from .questions import QUESTIONS as WORDING

KEY = "checks"
# a cookie holds about 4 KB: twenty checks with every answer given and a result saved measure about
# 1,800 bytes sealed, and 3,000 with the most a refused one-page check keeps (tests/test_wizard_checks.py)
MAX_CHECKS = 20
ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ID_LENGTH = 10  # 49 bits: no two tabs of one browser will ever draw the same id


@dataclass
class Check:
    id: str
    audience: str
    answers: dict = field(default_factory=dict)
    # its result was shown, saved under a reference (which the server keeps: storage/checks.py); when one
    # must go, a finished check goes first
    finished: bool = False

    def service(self) -> str | None:
        return self.answers.get("service")


class Expired(Exception):
    """The check was left alone longer than CHECK_IDLE_MINUTES; its audience, for the start page."""

    def __init__(self, audience: str):
        super().__init__(audience)
        self.audience = audience


def new_id() -> str:
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def _stored() -> dict:
    stored = session.get(KEY)
    return stored if isinstance(stored, dict) else {}


def load(check_id: str) -> Check | None:
    """The check with this id, or None when there is none (or the cookie holds nonsense).

    Raises Expired, and forgets the check, when it was left alone too long."""
    stored = _stored().get(check_id)
    if not isinstance(stored, dict) or stored.get("audience") not in AUDIENCES:
        return None
    touched = stored.get("touched")
    if not isinstance(touched, (int, float)) or idle_expired(touched):
        forget(check_id)
        raise Expired(stored["audience"])
    answers = stored.get("answers")
    answers = {k: v for k, v in answers.items() if _valid(k, v)} if isinstance(answers, dict) else {}
    return Check(check_id, stored["audience"], {k: v for k, v in answers.items()
                                                if applies(k, answers) or EXTRAS.get(k) in answers},
                 stored.get("finished") is True)


def latest() -> Check | None:
    """The check this browser used last, if it is still alive: for old URLs without an id."""
    checks = _stored()
    # the last saved stands last in the cookie: its place breaks a tie of the same second
    live = [(_touched(value), place, key) for place, (key, value) in enumerate(checks.items())
            if isinstance(value, dict)]
    for _when, _place, check_id in sorted(live, reverse=True):
        try:
            check = load(check_id)
        except Expired:
            continue
        if check is not None:
            return check
    return None


def _valid(name, value) -> bool:
    """Whether a stored answer is one the questions can give: a cookie from an older version may not be."""
    if name == "diagnosis_code":
        return isinstance(value, str) and bool(re.fullmatch(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?", value))
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


def _going_first(checks: dict) -> list[str]:
    """The order checks go in when there are too many: finished ones (saved under a reference) first,
    then those not finished, each the least recently used first."""
    return sorted(checks, key=lambda key: (checks[key].get("finished") is not True, _touched(checks[key])))


def _touched(stored: dict) -> float:
    touched = stored.get("touched")
    return touched if isinstance(touched, (int, float)) else 0


def next_to_go() -> dict | None:
    """The unfinished check that starting another would drop, for the start page to name; None when none would."""
    checks = {key: value for key, value in _stored().items() if isinstance(value, dict)}
    if len(checks) < MAX_CHECKS:
        return None
    key = _going_first(checks)[0]
    stored = checks[key]
    if stored.get("finished") is True:
        return None  # a finished check goes first, and its result stays saved under its reference
    answers = stored.get("answers") if isinstance(stored.get("answers"), dict) else {}
    return {"id": key, "audience": stored.get("audience"), "answers": answers,
            "minutes_ago": max(0, int((time.time() - _touched(stored)) // 60))}


def save(check: Check) -> None:
    checks = {key: value for key, value in _stored().items() if isinstance(value, dict)}
    checks.pop(check.id, None)
    # when there are too many for the cookie, finished ones go first, then the least recently used;
    # this one always stays
    for key in _going_first(checks)[:max(0, len(checks) - (MAX_CHECKS - 1))]:
        checks.pop(key)
    kept = dict(checks)
    kept[check.id] = {"audience": check.audience, "answers": dict(check.answers),
                      "touched": int(time.time()), **({"finished": True} if check.finished else {})}
    session[KEY] = kept


def touch(check: Check) -> None:
    """Mark the check as in use when a page of it is opened, at most once a minute (each is a new cookie)."""
    stored = _stored().get(check.id) or {}
    if time.time() - stored.get("touched", 0) >= 60:
        save(check)


def forget(check_id: str) -> None:
    checks = dict(_stored())
    if checks.pop(check_id, None) is not None:
        session[KEY] = checks


def start(audience: str, answers: dict | None = None) -> Check:
    """A fresh check for this audience, with its own id; other checks in this browser stay as they are."""
    check = Check(new_id(), audience, dict(answers or {}))
    save(check)
    return check
