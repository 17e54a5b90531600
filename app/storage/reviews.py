"""Reviews of policy versions: recording one, and the date the next is due, read briefly cached so
that the public pages do not ask the database on every determination."""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..coverage.policy import Policy
from ..extensions import db
from .models import utcnow
from .operations import Review, User, audit

log = logging.getLogger(__name__)
NO_CHANGE, NOTE = "no_change", "note"

_due: dict[tuple, tuple[float, dt.date]] = {}
_lock = threading.Lock()


def reviews_of(policy: Policy) -> list[tuple[Review, str]]:
    """A version's reviews, newest first, each with who recorded it."""
    rows = db.session.execute(
        select(Review, User.email).join(User, User.id == Review.user_id)
        .where(Review.policy_id == policy.id, Review.policy_version == policy.effective_date.isoformat())
        .order_by(Review.reviewed_on.desc(), Review.id.desc())).all()
    return [(review, email) for review, email in rows]


def _latest_due(policy: Policy) -> dt.date:
    found = db.session.execute(
        select(Review.next_review_date)
        .where(Review.policy_id == policy.id, Review.policy_version == policy.effective_date.isoformat())
        .order_by(Review.reviewed_on.desc(), Review.id.desc()).limit(1)).scalar_one_or_none()
    return found or policy.next_review_date


def review_due(policy: Policy, keep_seconds: float = 60) -> dt.date:
    """When the version's next review is due: from its latest review, else the data file's date.

    Kept for `keep_seconds` per worker; a database that does not answer gives the file's date."""
    # the database is part of the key: one process may serve apps on several (the tests do)
    key = (db.engine, policy.id, policy.effective_date.isoformat())
    now = time.monotonic()
    held = _due.get(key)
    if held and now - held[0] < keep_seconds:
        return held[1]
    try:
        due = _latest_due(policy)
    except SQLAlchemyError:
        # kept like a read date, so that a database that is down is not asked on every request
        db.session.rollback()
        log.exception("could not read the reviews of %s %s", *key[1:])
        due = policy.next_review_date
    with _lock:
        _due[key] = (now, due)
    return due


def forget_due_dates() -> None:
    """Empty the cache: after a review is recorded, this worker reads the new date at once."""
    with _lock:
        _due.clear()


def record_review(policy: Policy, user: User, *, reviewed_on: dt.date, outcome: str, note: str,
                  next_review_date: dt.date) -> Review:
    """Keep a review and its audit entry together, in one commit."""
    review = Review(policy_id=policy.id, policy_version=policy.effective_date.isoformat(), reviewed_on=reviewed_on,
                    outcome=outcome, note=note, next_review_date=next_review_date, user_id=user.id,
                    recorded_at=utcnow())
    db.session.add(review)
    said = "reviewed, no change" if outcome == NO_CHANGE else f"note: {note}"
    audit(user.email, "review", f"{policy.id} {policy.effective_date.isoformat()} reviewed on "
                                f"{reviewed_on.isoformat()}: {said}; next review {next_review_date.isoformat()}")
    db.session.commit()
    forget_due_dates()
    return review
