"""What the policy team keeps: its accounts, the reviews of each policy version, and an audit of
every change. The policy's words stay in its data files; these rows only say who did what, when."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
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
    # repeated wrong passwords lock the account for a while; a right one resets the count
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    # Flask-Login's interface
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"


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
