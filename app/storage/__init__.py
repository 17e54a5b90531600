"""Saved determinations: reference numbers, saving without half-writes, look-up and retention."""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, event, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..extensions import db
from .models import SavedDetermination, utcnow
from .references import display, is_well_formed, new_reference, normalise

log = logging.getLogger(__name__)
ATTEMPTS = 3  # a clash of two 54-bit references is all but impossible; a retry makes it harmless


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(connection, _record):
    # WAL lets readers go on while one worker writes; the busy timeout makes writers wait, not fail
    if type(connection).__module__.startswith("sqlite3"):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def save(shown: dict, *, source: str, language: str, policy, app_version: str) -> str | None:
    """Keep a determination as shown; its reference, or None (logged) when the database fails."""
    row = dict(source=source, audience=shown["answers"]["audience"], language=language, outcome=shown["outcome"],
               service=shown["answers"].get("service"),
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
        except SQLAlchemyError:
            db.session.rollback()
            log.exception("could not save a determination")
            return None
    log.error("could not find a free reference number in %d attempts", ATTEMPTS)
    return None


class BadReference(ValueError):
    """A reference whose symbols or check symbol are wrong: mistyped, not merely unknown."""


def find(typed: str) -> SavedDetermination | None:
    reference = normalise(typed)
    if not is_well_formed(reference):
        raise BadReference(typed)
    return db.session.execute(
        select(SavedDetermination).where(SavedDetermination.reference == reference)).scalar_one_or_none()


def purge(days: int, now: dt.datetime | None = None) -> int:
    """Delete determinations older than `days`; how many went."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    result = db.session.execute(delete(SavedDetermination).where(SavedDetermination.created_at < cutoff))
    db.session.commit()
    return result.rowcount


def database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("database health check failed")
        return False


__all__ = ["BadReference", "SavedDetermination", "database_answers", "display", "find", "purge", "save"]
