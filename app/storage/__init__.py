"""Saved determinations: reference numbers, saving without half-writes, look-up and retention."""
from __future__ import annotations

import datetime as dt
import logging
import weakref

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .database import SAVES, DatabaseUnavailable, SchemaMissing, forget_connections
from .models import CheckResult, SavedDetermination, utcnow
from .references import display, is_well_formed, new_reference, normalise
from .writer import Writer, to_json

log = logging.getLogger(__name__)
ATTEMPTS = 3  # a clash of two 54-bit references is all but impossible; a retry makes it harmless
_writers: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # one compiled INSERT per engine


def saving_engine() -> tuple:
    """The engine a write of one INSERT goes through, the app's pool of saves where it has one (PostgreSQL,
    in autocommit: the INSERT is one round trip), else the app's own; and whether it is that pool."""
    engine = db.engines.get(SAVES)
    return (engine, True) if engine is not None else (db.engine, False)


def writer_for(writers: "weakref.WeakKeyDictionary", **table) -> tuple:
    """The engine a one-INSERT write goes through (saving_engine) and its Writer, compiled once per engine
    and kept in `writers`; `table` names another table's Writer (its table, columns and JSON columns)."""
    engine, own_pool = saving_engine()
    writer = writers.get(engine)
    if writer is None:
        writer = writers[engine] = Writer(engine, own_pool=own_pool, **table)
    return engine, writer


def _writer() -> tuple:
    """The engine a save goes through and its Writer."""
    return writer_for(_writers)


def save(shown: dict, *, source: str, language: str, policy, app_version: str,
         shown_json: str | None = None, reference: str | None = None) -> str | None:
    """Keep a determination as shown; its reference, or None (logged) when the database fails.

    `shown_json` is `shown` already serialized, when the caller has it (the API serializes it once);
    `reference`, one claimed for it already (a check's, storage/checks.py), else a new one is drawn."""
    engine, writer = _writer()
    row = dict(source=source, audience=shown["answers"]["audience"], language=language, outcome=shown["outcome"],
               service=shown["answers"].get("service"),
               answers=to_json(shown["answers"]), shown=shown_json or to_json(shown), policy_id=policy.id,
               policy_version=policy.effective_date.isoformat(), policy_digest=policy.digest, app_version=app_version)
    failed, claimed = False, reference
    for _attempt in range(ATTEMPTS):
        reference = claimed or new_reference()
        try:
            # one INSERT statement: the request keeps nothing of the row but its reference
            writer.write(engine, {**row, "reference": reference, "created_at": utcnow()})
            return reference
        except writer.integrity_error:
            if claimed:
                log.error("a claimed reference is taken already")
                return None
            continue
        except (SQLAlchemyError, writer.error) as error:
            # the class of the error only: its text could carry the statement, and so the answers
            log.error("could not save a determination: %s", type(error).__name__)
            if failed:
                return None
            # once more on a new connection: the failed one, opened before a fault was mended, is gone
            failed = True
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
    db.session.execute(delete(CheckResult).where(CheckResult.created_at < cutoff))
    db.session.commit()
    return result.rowcount


__all__ = ["BadReference", "SavedDetermination", "DatabaseUnavailable", "SchemaMissing", "display", "find", "purge", "save"]
