"""The JWT ids already used, kept in the database so that every worker refuses a replay, until expiry."""
from __future__ import annotations

import datetime as dt
import logging
import random
import weakref

from sqlalchemy import DateTime, String, delete
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..storage import writer_for
from .trust import LEEWAY_SECONDS, ReplayUnknown

log = logging.getLogger("coverage_check.crd")
PURGE_CHANCE = 0.02  # about one call in fifty clears the ids whose tokens have expired
ATTEMPTS = 2  # a pooled connection that failed is thrown away: the second try is on a new one


class SeenToken(db.Model):
    __tablename__ = "crd_seen_tokens"

    issuer: Mapped[str] = mapped_column(String(255), primary_key=True)
    jti: Mapped[str] = mapped_column(String(255), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


COLUMNS = ("issuer", "jti", "expires_at")
_writers: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # one compiled INSERT per engine


def _writer() -> tuple:
    return writer_for(_writers, table=SeenToken.__table__, columns=COLUMNS, json_columns=())


class DatabaseSeenTokens:
    """first_use(issuer, jti, expires): True the first time, False for a replay, on every worker alike.

    Only the database is asked: when it cannot answer, ReplayUnknown, and the call is refused. A
    worker's own memory would let the same token through once on every other worker."""

    def first_use(self, issuer: str, jti: str, expires: float, now: float | None = None) -> bool:
        now_at = dt.datetime.fromtimestamp(now, dt.timezone.utc) if now else dt.datetime.now(dt.timezone.utc)
        row = {"issuer": issuer, "jti": jti,
               "expires_at": dt.datetime.fromtimestamp(expires + LEEWAY_SECONDS, dt.timezone.utc)}
        if random.random() < PURGE_CHANCE:
            self.purge(now_at)
        engine, writer = _writer()
        for attempt in range(ATTEMPTS):
            try:
                # one INSERT, compiled once, committed on its own (the saves' Writer, storage/writer.py): the
                # session's connection, transaction and teardown cost more than the write itself
                writer.write(engine, row)
                return True
            except writer.integrity_error:
                # the same issuer and jti, and its token has not expired (or exp would have refused it); after
                # a failed first try, perhaps our own row: refusing is the safe way to be wrong
                return False
            except (SQLAlchemyError, writer.error) as error:
                log.error("could not record a JWT id (attempt %d): %s", attempt + 1, type(error).__name__)
                failure = type(error).__name__
        log.error("could not record a JWT id, so the call is refused")
        raise ReplayUnknown(failure)

    def purge(self, now_at: dt.datetime) -> None:
        """Forget the ids whose tokens have expired; a failure is the next purge's to make good."""
        try:
            db.session.execute(delete(SeenToken).where(SeenToken.expires_at < now_at))
            db.session.commit()
        except SQLAlchemyError as error:
            db.session.rollback()
            log.error("could not clear the expired JWT ids: %s", type(error).__name__)
