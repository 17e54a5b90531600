"""Accounts of the policy team: argon2 password hashes, sign-in slowed down against guessing (never
locked), sessions that expire and end on the server."""
from __future__ import annotations

import random

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select, update
from zxcvbn import zxcvbn

from ..extensions import db
from ..storage.models import utcnow
from ..storage.operations import ROLES, User, audit
from . import throttle
from .forms import printable

MIN_PASSWORD = 12
MIN_STRENGTH = 3  # zxcvbn's score from 0 to 4: 3 and up resist an online guesser and a slow offline one
FORGET_CHANCE = 0.02  # about one sign-in in fifty clears the counts left for a day
_hasher = PasswordHasher()
# checked when the email is unknown or the attempt is refused, so that every answer takes as long
_DUMMY = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """A request about an account that cannot be done; the message says why, for a person."""


def _normal(email: str) -> str:
    return email.strip().lower()


def weak_password(password: str, email: str) -> str | None:
    """Why a password would be guessed (a common one, a repeat, a sequence, the email's own words), or None.

    zxcvbn matches it against lists of the most common passwords, words and names (ASVS 2.1.7), and
    against keyboard walks, repeats, sequences and dates; no rule about which characters to use."""
    if len(password) < MIN_PASSWORD:
        return f"Choose a password of at least {MIN_PASSWORD} characters"
    judged = zxcvbn(password[:100], user_inputs=[email, *email.replace("@", ".").split(".")])
    if judged["score"] < MIN_STRENGTH:
        advice = judged["feedback"].get("warning") or "it would be guessed soon"
        return f"Choose a password that is harder to guess: {advice.rstrip('.').lower()}. A few uncommon words do well"
    return None


def create_or_update(email: str, password: str, role: str, actor: str) -> bool:
    """Make an account (True) or give an existing one a new password and role (False); audited.

    A new password or role ends every session the account has open."""
    email = _normal(email)
    if "@" not in email or len(email) > 254 or not printable(email):
        raise AccountError("Give an email address, like name@example.org")
    if role not in ROLES:
        raise AccountError(f"Choose a role: {' or '.join(ROLES)}")
    problem = weak_password(password, email)
    if problem:
        raise AccountError(problem)
    user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    made = user is None
    if made:
        user = User(email=email, role=role, password_hash="", created_at=utcnow(), session_version=0)
        db.session.add(user)
    else:
        user.session_version = User.session_version + 1
    user.password_hash, user.role = _hasher.hash(password), role
    audit(actor, "create_user" if made else "update_user",
          f"{email} as {role}" + ("" if made else "; every session of the account ended"))
    db.session.commit()
    return made


def end_sessions(user: User) -> None:
    """Sign the account out everywhere: every session cookie it has carries an older version from now on."""
    db.session.execute(update(User).where(User.id == user.id).values(session_version=User.session_version + 1))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authenticate(email: str, password: str, address: str) -> User | None:
    """The account for these credentials, or None: the same None, after the same work (one argon2
    check), for an unknown account, a wrong password and an attempt that must wait. Audited."""
    email = _normal(email)
    if random.random() < FORGET_CHANCE:
        throttle.forget_old()
    may_check, slowing = throttle.attempt(email, address)
    user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    actor = email if user is not None else "unknown account"  # what was typed is not kept for unknown ones
    right = _verify(user.password_hash if user is not None and may_check else _DUMMY, password)
    if not may_check:
        audit(actor, "sign_in_slowed", "too many wrong passwords: a try came before its wait was over and was "
                                       "refused unchecked; the wait doubles up to 15 minutes")
        db.session.commit()
        return None
    if user is None or not right:
        audit(actor, "sign_in_failed", "no such account" if user is None else "wrong password")
        for kind in slowing:
            audit(actor, "sign_in_slowed", _SLOWING[kind])
        db.session.commit()
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    throttle.signed_in(email, address)
    audit(email, "sign_in", "")
    db.session.commit()
    return user


_SLOWING = {
    "pair": f"{throttle.FREE['pair']} wrong passwords from one address: its next tries wait 2 seconds, doubling up to "
            "15 minutes; the account itself is not locked",
    "address": f"{throttle.FREE['address']} wrong passwords from one address, for any account: its next tries wait",
    "account": f"{throttle.FREE['account']} wrong passwords for this account from addresses it never signed in from: "
               "their next tries wait; where it has signed in before, it is not slowed",
}


def load(user_id: str) -> User | None:
    """The signed-in account, when the session's version is still the account's: else no one."""
    account, _, version = str(user_id).partition(":")
    try:
        user = db.session.get(User, int(account))
    except (TypeError, ValueError):
        return None
    if user is None or str(user.session_version) != version:
        return None
    return user
