"""What is kept of each determination: enough to show it again exactly, and nothing personal."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class SavedDetermination(db.Model):
    __tablename__ = "determinations"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    source: Mapped[str] = mapped_column(String(16))          # wizard or api
    audience: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8), default="en")
    outcome: Mapped[str] = mapped_column(String(24))
    service: Mapped[str | None] = mapped_column(String(16), nullable=True)  # from the answers, for counting use
    answers: Mapped[dict] = mapped_column(JSON)               # the answers as used, defaults filled in
    shown: Mapped[dict] = mapped_column(JSON)                 # the determination as shown: reasons, codes, texts
    policy_id: Mapped[str] = mapped_column(String(16))
    policy_version: Mapped[str] = mapped_column(String(16))   # the effective date of the policy data used
    policy_digest: Mapped[str] = mapped_column(String(64))    # sha256 of that data file
    app_version: Mapped[str] = mapped_column(String(32))

    __table_args__ = (Index("ix_determinations_created_at", "created_at"),)

    def to_dict(self) -> dict:
        from .references import display
        created = self.created_at if self.created_at.tzinfo else self.created_at.replace(tzinfo=dt.timezone.utc)
        return {
            "reference": display(self.reference),
            "created_at": created.isoformat(timespec="seconds"),
            "source": self.source,
            "audience": self.audience,
            "language": self.language,
            "policy": {"id": self.policy_id, "version": self.policy_version, "digest": self.policy_digest},
            "app_version": self.app_version,
            "determination": self.shown,
        }


class CheckResult(db.Model):
    """Which reference a check's result was saved under, for the answers it had: kept on the server, so
    that a second view, or a copy of an older cookie, shows that reference and saves nothing more."""
    __tablename__ = "check_results"

    check_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    made_from: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of audience, answers, language
    reference: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
