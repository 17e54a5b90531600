"""Guesses at the policy team's passwords slowed down, without locking anyone out (ASVS 2.2.1).

Each sign-in attempt is counted under three keys: the account and the address together, the address
alone, and the account alone. A key lets its first failures through (FREE); after them, each attempt
must wait a delay that doubles with every failure, from 2 seconds up to 15 minutes, and one sent sooner
is refused without its password being checked. A right password starts the account's counts again;
counts left alone for an hour are forgotten. An address the account has signed in from before is not
slowed by the account's own count, so its owner still gets in while others guess from elsewhere.

Each attempt is counted before its password is checked, by one conditional UPDATE ... SET failures =
failures + 1, so attempts sent at once are counted one by one and only the first FREE are checked. The
counts are shared by every worker and kept under keyed hashes: never an email or an address.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from flask import current_app
from sqlalchemy import case, delete, or_, update

from ..extensions import db
from ..storage.database import insert_or_nothing
from ..storage.models import utcnow
from ..storage.operations import SignInFailures as Row

FREE = {"pair": 5, "address": 20, "account": 20}  # failures let through under each key before the delays
FIRST_DELAY = 2.0  # seconds after the first failure past FREE; doubling with each one after it
MAX_DELAY = 15 * 60.0
FORGET_AFTER = dt.timedelta(hours=1)
_DELAYS = []  # the delay after FREE + n failures, for n = 0, 1, ... until it reaches MAX_DELAY
while not _DELAYS or _DELAYS[-1] < MAX_DELAY:
    _DELAYS.append(min(FIRST_DELAY * 2 ** len(_DELAYS), MAX_DELAY))


def delay(failures: int, free: int) -> float:
    """Seconds an attempt must wait after the last failure, when `failures` have been counted."""
    return 0.0 if failures < free else _DELAYS[min(failures - free, len(_DELAYS) - 1)]


def keys(email: str, address: str | None) -> dict[str, str]:
    key = current_app.secret_key
    secret = hashlib.sha256(b"coverage-check sign-in counts\x00" + (key.encode() if isinstance(key, str) else key)).digest()
    address = address or ""

    def hashed(*parts: str) -> str:
        return hmac.new(secret, "\x00".join(parts).encode(), hashlib.sha256).hexdigest()
    return {"pair": hashed("pair", email, address), "address": hashed("address", address),
            "account": hashed("account", email)}


def _admit(key: str, free: int, now: dt.datetime) -> tuple[int, bool] | None:
    """Count one attempt under `key` if its delay has passed: (failures now counted, signed in from here
    before); None when it must wait, and then nothing is counted."""
    db.session.execute(insert_or_nothing(Row, key=key, failures=0, last_failed_at=None, signed_in=False))
    stale = or_(Row.last_failed_at.is_(None), Row.last_failed_at < now - FORGET_AFTER)
    waited = case({free + n: now - dt.timedelta(seconds=seconds) for n, seconds in enumerate(_DELAYS)},
                  value=Row.failures, else_=now - dt.timedelta(seconds=MAX_DELAY))
    counted = db.session.execute(
        update(Row).where(Row.key == key, or_(stale, Row.failures < free, Row.last_failed_at <= waited))
        .values(failures=case((stale, 1), else_=Row.failures + 1), last_failed_at=now)
        .returning(Row.failures, Row.signed_in)).first()
    return None if counted is None else (counted[0], bool(counted[1]))


def attempt(email: str, address: str) -> tuple[bool, list[str]]:
    """Count this attempt: (whether its password may be checked, the keys whose delays begin with it)."""
    now = utcnow()
    found = keys(email, address)
    slowing = []
    for kind in ("address", "pair", "account"):
        counted = _admit(found[kind], FREE[kind], now)
        if counted is None:
            db.session.commit()
            return False, slowing
        failures, signed_in_here = counted
        if failures == FREE[kind]:
            slowing.append(kind)
        if kind == "pair" and signed_in_here:
            break  # the owner's own place: the account's count does not slow it
    db.session.commit()  # counted before the password is checked, and the write lock let go meanwhile
    return True, slowing


def signed_in(email: str, address: str) -> None:
    """A right password: the account's counts start again, this address is known, this attempt uncounted."""
    found = keys(email, address)
    db.session.execute(update(Row).where(Row.key == found["pair"])
                       .values(failures=0, last_failed_at=None, signed_in=True))
    db.session.execute(update(Row).where(Row.key == found["account"]).values(failures=0, last_failed_at=None))
    db.session.execute(update(Row).where(Row.key == found["address"], Row.failures > 0)
                       .values(failures=Row.failures - 1))


def forget_old(now: dt.datetime | None = None) -> int:
    """Delete counts not touched for a day, except the addresses each account has signed in from."""
    cutoff = (now or utcnow()) - dt.timedelta(days=1)
    result = db.session.execute(delete(Row).where(Row.signed_in.is_(False),
                                                  or_(Row.last_failed_at.is_(None), Row.last_failed_at < cutoff)))
    return result.rowcount
