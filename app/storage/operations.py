"""What the policy team keeps: its accounts, the reviews of each policy version, and an audit of
every change. The policy's words stay in its data files; these rows only say who did what, when."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import utcnow

ROLES = ("viewer", "editor")  # an editor records reviews and manages nothing else; a viewer reads


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # every session of the account carries this number; signing out, a new password or a new role
    # moves it on, and a session with an older one is signed out on its next request
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # Flask-Login's interface
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        # what the session keeps: the account and the version of its sessions (accounts.load checks both)
        return f"{self.id}:{self.session_version}"

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"


class SignInFailures(db.Model):
    """Sign-in attempts counted under one key (an account and an address, an address, an account), kept as
    a keyed hash of what was typed and where from: never the email or the address itself."""
    __tablename__ = "sign_in_failures"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # for an account and an address: the account has signed in from there before
    signed_in: Mapped[bool] = mapped_column(Boolean, default=False)


class Review(db.Model):
    """A review of one version of a policy: 'reviewed, no change' or a note, and the next review date."""
    __tablename__ = "policy_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(16))
    policy_version: Mapped[str] = mapped_column(String(16))   # the version's effective date
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(16))          # no_change or note
    note: Mapped[str] = mapped_column(Text, default="")
    next_review_date: Mapped[dt.date] = mapped_column(Date)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_policy_reviews_version", "policy_id", "policy_version"),)


class AuditEntry(db.Model):
    """One change made through the admin pages or the command line: who, what and when."""
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(254))  # an email, or "command line"
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_audit_log_at", "at"),)


def audit(actor: str, action: str, detail: str = "") -> None:
    """Add an audit entry to the session: it is committed with the change it records, or not at all."""
    db.session.add(AuditEntry(at=utcnow(), actor=actor, action=action, detail=detail))


class PolicyDraft(db.Model):
    """A version of a policy uploaded by a policy editor and validated as the loader validates a file: kept
    apart, never used for an answer; its impact against the version in effect can be seen before it is published."""
    __tablename__ = "policy_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(16))
    effective_date: Mapped[str] = mapped_column(String(10))   # YYYY-MM-DD, as the file says
    content: Mapped[str] = mapped_column(Text)                # the YAML as uploaded (UTF-8)
    digest: Mapped[str] = mapped_column(String(64))           # sha256 of those bytes, as a loaded version's
    uploaded_by: Mapped[str] = mapped_column(String(254))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
