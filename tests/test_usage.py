"""What people ask: the usage pages' tables, charts and CSV hold the database's own counts, and
never an answer set or a reference number."""
import csv
import datetime as dt
import io
import re
from collections import Counter

import pytest

from app.admin import usage_routes
from sqlalchemy import select

from admin_helpers import VIEWER, create_user, sign_in
from app.extensions import db
from app.storage.models import SavedDetermination
from wizard_html import parse
from wizard_paths import PEER_SUPPORT, start, walk

BASE = {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "NY",
        "setting": "outpatient", "session": "initial", "delivery": "in_person", "date_of_service": "2024-01-10"}
ASKED = [
    ({}, "en"), ({"credential": "none"}, "en"), ({"setting": "unknown"}, "es"),
    ({"service": "peer_support", "credential": "certified_peer", "minutes": 30}, "en"),
    ({"audience": "provider"}, "en"), ({"audience": "agent", "diagnosis": "none"}, "es"),
]
DIMENSIONS = ("outcome", "service", "audience", "language", "source")


@pytest.fixture
def used(app):
    client = app.test_client()
    for changes, language in ASKED:
        assert client.post("/api/v1/determinations", json={**BASE, **changes, "language": language}).status_code == 200
    start(client, "provider")
    walk(client, PEER_SUPPORT)
    assert client.get("/check/result", follow_redirects=True).status_code == 200
    with app.app_context():
        # two of them a few weeks back, so the weekly chart has gaps to fill
        rows = db.session.execute(select(SavedDetermination).limit(2)).scalars().all()
        for row in rows:
            row.created_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=21)
        db.session.commit()
    create_user(app, VIEWER, "viewer")
    viewer = app.test_client()
    sign_in(viewer, VIEWER)
    return viewer


def database_counts(app, dimension: str) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(select(SavedDetermination)).scalars().all()
        if dimension == "week":
            def monday(row):
                day = row.created_at.date()
                return (day - dt.timedelta(days=day.weekday())).isoformat()
            return dict(Counter(monday(r) for r in rows))
        return dict(Counter(getattr(r, dimension) for r in rows))


def table_counts(page, dimension: str) -> dict[str, int]:
    table = page.find("table", id=f"table-{dimension}")
    return {row.find_all("td")[0].text(): int(row.find_all("td")[1].text()) for row in table.find_all("tr")[1:]}


@pytest.mark.parametrize("dimension", DIMENSIONS + ("week",))
def test_the_table_the_chart_and_the_csv_hold_the_database_counts(app, used, dimension):
    expected = database_counts(app, dimension)
    assert sum(expected.values()) == len(ASKED) + 1
    page = parse(used.get("/admin/usage").get_data(as_text=True))
    shown = table_counts(page, dimension)
    rows = list(csv.reader(io.StringIO(used.get(f"/admin/usage/{dimension}.csv").get_data(as_text=True))))
    assert rows[0] == [dimension, "determinations"]
    as_stored = {k: int(v) for k, v in rows[1:]}  # the CSV, for a program, keeps the values as stored
    if dimension == "week":
        assert {k: v for k, v in as_stored.items() if v} == expected
        assert len(as_stored) == 4 and list(as_stored) == sorted(as_stored)  # the empty weeks between, at 0
    else:
        assert as_stored == expected
    # the page says each value in words, the same counts in the same order
    with app.test_request_context():
        words = [usage_routes._in_words(dimension, value) for value in as_stored]
    assert list(shown) == words and list(shown.values()) == list(as_stored.values())
    svg = used.get(f"/admin/usage/{dimension}.svg")
    assert svg.mimetype == "image/svg+xml" and "script-src" not in svg.headers["Content-Security-Policy"]
    values = [int(v) for v in re.findall(r'<text[^>]*class="value[^"]*"[^>]*>(\d+)</text>', svg.get_data(as_text=True))]
    assert sorted(values) == sorted(shown.values())


def test_the_usage_page_says_every_value_in_words_in_english_and_in_spanish(used):
    for language, words in (("en", ("Likely covered", "Behavioral health coaching", "Members", "English",
                                     "The API")),
                            ("es", ("Probablemente cubierto", "Coaching de salud conductual", "Miembros", "inglés",
                                    "La API"))):
        page = parse(used.get(f"/admin/usage?lang={language}").get_data(as_text=True))
        tables = " ".join(t.text() for t in page.find_all("table"))
        for raw in ("likely_covered", "needs_review", "peer_support", "provider", " en ", "wizard", "api "):
            assert raw not in f" {tables} ", (language, raw)
        assert all(word in tables for word in words), (language, words)


def test_the_sources_are_the_wizard_and_the_api(app, used):
    assert database_counts(app, "source") == {"api": len(ASKED), "wizard": 1}


def test_no_answer_set_and_no_reference_is_ever_shown(app, used):
    with app.app_context():
        references = [r for (r,) in db.session.execute(select(SavedDetermination.reference))]
    for url in ["/admin/usage"] + [f"/admin/usage/{d}.{kind}" for d in DIMENSIONS + ("week",) for kind in ("csv", "svg")]:
        text = used.get(url).get_data(as_text=True)
        assert not any(reference in text.replace("-", "") for reference in references), url
        assert "certified_peer" not in text and "date_of_service" not in text and "nbhwc" not in text, url


def test_an_unknown_count_is_not_found(used):
    assert used.get("/admin/usage/answers.csv").status_code == 404
    assert used.get("/admin/usage/reference.svg").status_code == 404


def test_the_counts_are_the_same_on_every_database(storage_app):
    """SQLite and PostgreSQL group by week (Monday) and by each column alike."""
    from sqlalchemy import insert

    from app.admin import usage
    moments = [dt.datetime(2026, 3, d, 12, tzinfo=dt.timezone.utc) for d in (1, 2, 2, 9, 23, 29, 30)]  # Sun, Mon...
    with storage_app.app_context():
        for i, moment in enumerate(moments):
            db.session.execute(insert(SavedDetermination).values(
                reference=f"TESTREF{i:04d}", created_at=moment, source=("api", "wizard", "crd")[i % 3],
                audience="member", language=("en", "es")[i % 2], outcome="needs_review",
                service=("coaching", "peer_support")[i % 2], answers={}, shown={}, policy_id="A015",
                policy_version="2023-04-15", policy_digest="x", app_version="test"))
        db.session.commit()
        assert usage.counts("week") == [("2026-02-23", 1), ("2026-03-02", 2), ("2026-03-09", 1),
                                        ("2026-03-23", 2), ("2026-03-30", 1)]
        assert usage.counts("source") == [("api", 3), ("crd", 2), ("wizard", 2)]
        assert usage.counts("service") == [("coaching", 4), ("peer_support", 3)]
        assert usage.weeks_filled(usage.counts("week"))[3:5] == [("2026-03-16", 0), ("2026-03-23", 2)]


def test_every_axis_number_of_a_chart_is_drawn_at_one_size():
    from app.admin import charts
    svg = charts.bar_chart("Answers", ["a", "b"], [3, 40], horizontal=True)
    sizes = re.findall(r"\.axis text(?:\.major)?\{[^}]*font-size:([\d.]+)px", svg)
    assert len(sizes) == 2 and len(set(sizes)) == 1, sizes  # pygal draws its "major" numbers apart otherwise
