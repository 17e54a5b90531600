"""The JWT ids already used, kept in the database so that every worker refuses a replay, until expiry."""
from __future__ import annotations

import datetime as dt
import logging
import random

from sqlalchemy import DateTime, String, delete, insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .trust import LEEWAY_SECONDS, ReplayUnknown

log = logging.getLogger("coverage_check.crd")
PURGE_CHANCE = 0.02  # about one call in fifty clears the ids whose tokens have expired


class SeenToken(db.Model):
    __tablename__ = "crd_seen_tokens"

    issuer: Mapped[str] = mapped_column(String(255), primary_key=True)
    jti: Mapped[str] = mapped_column(String(255), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


_INSERT = insert(SeenToken.__table__)


class DatabaseSeenTokens:
    """first_use(issuer, jti, expires): True the first time, False for a replay, on every worker alike.

    Only the database is asked: when it cannot answer, ReplayUnknown, and the call is refused. A
    worker's own memory would let the same token through once on every other worker."""

    def first_use(self, issuer: str, jti: str, expires: float, now: float | None = None) -> bool:
        now_at = dt.datetime.fromtimestamp(now, dt.timezone.utc) if now else dt.datetime.now(dt.timezone.utc)
        expires_at = dt.datetime.fromtimestamp(expires + LEEWAY_SECONDS, dt.timezone.utc)
        try:
            if random.random() < PURGE_CHANCE:
                db.session.execute(delete(SeenToken).where(SeenToken.expires_at < now_at))
            # the table's own INSERT on the session's connection, its statement compiled once and kept by
            # SQLAlchemy: the ORM's insert().values() is built and coerced afresh on every call
            db.session.connection().execute(_INSERT, {"issuer": issuer, "jti": jti, "expires_at": expires_at})
            db.session.commit()
            return True
        except IntegrityError:
            db.session.rollback()
            return False  # the same issuer and jti, and its token has not expired (or exp would have refused it)
        except SQLAlchemyError as error:
            db.session.rollback()
            log.error("could not record a JWT id, so the call is refused: %s", type(error).__name__)
            raise ReplayUnknown(type(error).__name__) from None
