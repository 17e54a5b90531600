"""The hooks' rate limit counts work, not calls: every call counts one on its way in (the token, the
body), and a call that judges several orders or appointments counts one more for each after the first,
before any is judged. CRD_RATE_LIMIT is in those units, per client address, shared by every worker
through RATELIMIT_STORAGE_URI as the other limits are."""
from __future__ import annotations

import logging
import time

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from ..extensions import limiter

log = logging.getLogger("coverage_check.crd")
SCOPE = "crd-work"
# while the shared store does not answer, this worker counts alone, as the other limits do
_fallback = FixedWindowRateLimiter(MemoryStorage())


def _hit(strategy, item, key: tuple, units: int) -> tuple[bool, float]:
    if not strategy.test(item, *key, cost=units):  # refused work is not counted: the client may send less
        return False, strategy.get_window_stats(item, *key).reset_time
    return strategy.hit(item, *key, cost=units), 0.0


def charge(units: int) -> None:
    """Count `units` against this client's CRD_RATE_LIMIT; TooManyRequests (429, Retry-After) past it."""
    if units <= 0 or not current_app.config["RATELIMIT_ENABLED"]:
        return
    item = parse(current_app.config["CRD_RATE_LIMIT"])
    key = (SCOPE, get_remote_address())
    try:
        allowed, reset = _hit(limiter.limiter, item, key, units)
    except Exception as error:  # the shared store (Redis) does not answer: its own errors, whatever they are
        log.warning("the rate limit's store does not answer (%s); this worker counts alone", type(error).__name__)
        allowed, reset = _hit(_fallback, item, key, units)
    if not allowed:
        raise TooManyRequests(retry_after=max(1, int(reset - time.time()) + 1))
