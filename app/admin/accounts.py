"""Accounts of the policy team: argon2 password hashes, sign-in with lockout, sessions that expire."""
from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select

from ..extensions import db
from ..storage.models import utcnow
from ..storage.operations import ROLES, User, audit

MIN_PASSWORD = 12
LOCK_AFTER = 5                       # wrong passwords in a row before the account is locked
LOCK_FOR = dt.timedelta(minutes=15)
_hasher = PasswordHasher()
# checked when the email is unknown, so that an unknown account takes as long as a known one
_DUMMY = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """A request about an account that cannot be done; the message says why, for a person."""


def _normal(email: str) -> str:
    return email.strip().lower()


def create_or_update(email: str, password: str, role: str, actor: str) -> bool:
    """Make an account (True) or give an existing one a new password and role (False); audited."""
    email = _normal(email)
    if "@" not in email or len(email) > 254:
        raise AccountError("Give an email address, like name@example.org")
    if role not in ROLES:
        raise AccountError(f"Choose a role: {' or '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Choose a password of at least {MIN_PASSWORD} characters")
    user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    made = user is None
    if made:
        user = User(email=email, role=role, password_hash="", created_at=utcnow(), failed_sign_ins=0)
        db.session.add(user)
    user.password_hash, user.role, user.failed_sign_ins, user.locked_until = _hasher.hash(password), role, 0, None
    audit(actor, "create_user" if made else "update_user", f"{email} as {role}")
    db.session.commit()
    return made


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    # SQLite gives back naive datetimes; they were written in UTC
    return moment.replace(tzinfo=dt.timezone.utc) if moment and moment.tzinfo is None else moment


def locked(user: User, now: dt.datetime | None = None) -> bool:
    until = _aware(user.locked_until)
    return until is not None and until > (now or utcnow())


def authenticate(email: str, password: str) -> tuple[User | None, str]:
    """The account for these credentials and "ok"; or None and why: "wrong" or "locked". Audited."""
    email = _normal(email)
    user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    if user is None:
        try:
            _hasher.verify(_DUMMY, password)
        except VerificationError:
            pass
        # what was typed is not kept: it may be a password typed in the wrong box
        audit("unknown account", "sign_in_failed", "no such account")
        db.session.commit()
        return None, "wrong"
    if locked(user):
        audit(email, "sign_in_refused", "account locked")
        db.session.commit()
        return None, "locked"
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
        if user.failed_sign_ins >= LOCK_AFTER:
            user.locked_until, user.failed_sign_ins = utcnow() + LOCK_FOR, 0
            audit(email, "locked", f"{LOCK_AFTER} wrong passwords in a row; locked for {LOCK_FOR.seconds // 60} minutes")
            db.session.commit()
            return None, "locked"
        audit(email, "sign_in_failed", "wrong password")
        db.session.commit()
        return None, "wrong"
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_sign_ins, user.locked_until = 0, None
    audit(email, "sign_in", "")
    db.session.commit()
    return user, "ok"


def user_count() -> int:
    return db.session.execute(select(func.count(User.id))).scalar_one()


def load(user_id: str) -> User | None:
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
