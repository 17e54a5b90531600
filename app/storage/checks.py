"""Each check's result saved once: which reference a check's answers were saved under is kept on the
server, so a second view, a reload in another tab, or a copy of an older cookie (the cookie is the
browser's, and can be replayed) shows that reference and writes no other row.

The reference is claimed before the determination is saved, by one INSERT ... ON CONFLICT DO NOTHING:
of two views at once, one saves, and the other shows what it saved."""
from __future__ import annotations

import hashlib
import json
import logging

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .database import insert_or_nothing
from .models import CheckResult, utcnow
from .references import new_reference

log = logging.getLogger(__name__)


def made_from_key(made_from: dict) -> str:
    return hashlib.sha256(json.dumps(made_from, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _held(check_id: str, key: str) -> str | None:
    return db.session.execute(select(CheckResult.reference).where(
        CheckResult.check_id == check_id, CheckResult.made_from == key)).scalar_one_or_none()


def claim(check_id: str, made_from: dict) -> tuple[str, bool] | None:
    """The reference this check's result is saved under, and whether this request is the one to save it
    (True) or it was saved already (False); None when the database cannot say."""
    key = made_from_key(made_from)
    try:
        held = _held(check_id, key)
        if held is not None:
            return held, False
        reference = new_reference()
        made = db.session.execute(insert_or_nothing(CheckResult, check_id=check_id, made_from=key, reference=reference,
                                                    created_at=utcnow()).returning(CheckResult.reference)).first()
        db.session.commit()
        if made is not None:  # no row comes back when another view's row was there first
            return reference, True
        return _held(check_id, key), False  # another view of the same check claimed it a moment before
    except SQLAlchemyError as error:
        db.session.rollback()
        log.error("could not read or claim a check's reference: %s", type(error).__name__)
        return None


def release(check_id: str, made_from: dict) -> None:
    """The save failed: let a later view of the check try again."""
    try:
        db.session.execute(delete(CheckResult).where(CheckResult.check_id == check_id,
                                                     CheckResult.made_from == made_from_key(made_from)))
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        log.error("could not release a check's reference: %s", type(error).__name__)
