"""Saved determinations: reference numbers, saving without half-writes, look-up and retention."""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..extensions import db
from .database import DatabaseUnavailable, SchemaMissing, forget_connections
from .models import SavedDetermination, utcnow
from .references import display, is_well_formed, new_reference, normalise

log = logging.getLogger(__name__)
ATTEMPTS = 3  # a clash of two 54-bit references is all but impossible; a retry makes it harmless


def save(shown: dict, *, source: str, language: str, policy, app_version: str) -> str | None:
    """Keep a determination as shown; its reference, or None (logged) when the database fails."""
    row = dict(source=source, audience=shown["answers"]["audience"], language=language, outcome=shown["outcome"],
               answers=shown["answers"], shown=shown, policy_id=policy.id,
               policy_version=policy.effective_date.isoformat(), policy_digest=policy.digest, app_version=app_version)
    for _attempt in range(ATTEMPTS):
        reference = new_reference()
        try:
            # one INSERT statement: the request keeps nothing of the row but its reference
            db.session.execute(insert(SavedDetermination).values(reference=reference, created_at=utcnow(), **row))
            db.session.commit()
            return reference
        except IntegrityError:
            db.session.rollback()
        except SQLAlchemyError as error:
            # the class of the error only: its text would carry the statement, and so the answers
            log.error("could not save a determination: %s", type(error).__name__)
            forget_connections(db.session, db.engine)
            return None
    log.error("could not find a free reference number in %d attempts", ATTEMPTS)
    return None


class BadReference(ValueError):
    """A reference whose symbols or check symbol are wrong: mistyped, not merely unknown."""


def find(typed: str) -> SavedDetermination | None:
    reference = normalise(typed)
    if not is_well_formed(reference):
        raise BadReference(typed)
    try:
        return db.session.execute(
            select(SavedDetermination).where(SavedDetermination.reference == reference)).scalar_one_or_none()
    except SQLAlchemyError as error:
        log.error("could not look up a determination: %s", type(error).__name__)
        forget_connections(db.session, db.engine)
        raise DatabaseUnavailable(type(error).__name__) from None


def purge(days: int, now: dt.datetime | None = None) -> int:
    """Delete determinations older than `days`; how many went."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    result = db.session.execute(delete(SavedDetermination).where(SavedDetermination.created_at < cutoff))
    db.session.commit()
    return result.rowcount


__all__ = ["BadReference", "SavedDetermination", "DatabaseUnavailable", "SchemaMissing", "display", "find", "purge", "save"]
