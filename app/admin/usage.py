"""What people ask: saved determinations counted by week, outcome, service, audience, language and
source. Counts only: no answer set and no reference number ever leaves these functions."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, literal_column, select

from ..extensions import db
from ..storage.models import SavedDetermination as D

DIMENSIONS = ("week", "outcome", "service", "audience", "language", "source")


def _week_start(column):
    """The Monday a timestamp's week starts on, as SQL for the database in use."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(func.date_trunc("week", column), literal_column("'YYYY-MM-DD'"))
    # SQLite: the Sunday on or after the date, less six days, is the Monday on or before it
    return func.date(column, "weekday 0", "-6 days")


def counts(dimension: str) -> list[tuple[str, int]]:
    """(value, number of saved determinations), in the value's order; weeks oldest first."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    key = _week_start(D.created_at) if dimension == "week" else getattr(D, dimension)
    rows = db.session.execute(select(key.label("value"), func.count(D.id)).group_by(key).order_by(key)).all()
    return [("" if value is None else str(value), n) for value, n in rows]


def total() -> int:
    return db.session.execute(select(func.count(D.id))).scalar_one()


def weeks_filled(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Every week between the first and the last, with 0 for a week nobody asked in."""
    if not rows:
        return []
    found = dict(rows)
    week = dt.date.fromisoformat(rows[0][0])
    last = dt.date.fromisoformat(rows[-1][0])
    filled = []
    while week <= last:
        filled.append((week.isoformat(), found.get(week.isoformat(), 0)))
        week += dt.timedelta(days=7)
    return filled
