"""What a person reads comes from the version that judged: the wizard's hints, the office's checklist and the
codes table, under the test version (tests/data/a015-test-version/, not a real policy: 0592T at least 45 mins
from 2025-01-01) as under the real one."""
import datetime as dt

import pytest

from versions_fixtures import versions_app, versions_client  # noqa: F401
from wizard_html import parse
from wizard_paths import COACHING_FOLLOW_UP, PATHS, at, start, walk

BEFORE = {"month": "6", "day": "1", "year": "2024"}  # the real version decides
AFTER = {"month": "6", "day": "1", "year": "2025"}  # the test version decides


def follow_up(minutes: str, date: dict):
    return tuple((slug, {"minutes": minutes} if slug == "minutes" else date if slug == "date-of-service" else data)
                 for slug, data in COACHING_FOLLOW_UP)


@pytest.mark.parametrize("date, minimum, other", [(BEFORE, "30", "45"), (AFTER, "45", "30")])
def test_the_office_checklist_quotes_the_minimum_of_the_version_that_judged(versions_client, date, minimum, other):
    start(versions_client, "provider")
    walk(versions_client, follow_up("50", date))
    page = parse(versions_client.get(at(versions_client) + "/result").data)
    quotes = [q.text() for q in page.find("section", class_="checklist").find_all("q")]
    assert f"at least {minimum} mins" in quotes
    assert f"at least {other} mins" not in quotes


def test_the_minutes_hint_reads_todays_version_until_the_date_is_known_then_that_dates(versions_client):
    today = versions_client.application.extensions["policies"].deciding(dt.date.today())
    (follow_up_code,) = [c for c in today.codes if c.session == "follow_up"]
    start(versions_client, "provider")
    walk(versions_client, follow_up("50", BEFORE)[:7])
    hint = parse(versions_client.get(at(versions_client) + "/minutes").data).by_id("minutes-hint").text()
    assert hint == f"In minutes. 0592T is a follow-up session of at least {follow_up_code.min_minutes} minutes."
    walk(versions_client, follow_up("50", BEFORE)[7:])  # the date: June 1, 2024, the real version's
    hint = parse(versions_client.get(at(versions_client) + "/minutes?change=1").data).by_id("minutes-hint").text()
    assert hint == "In minutes. 0592T is a follow-up session of at least 30 minutes."
    walk(versions_client, [("date-of-service", AFTER)])
    hint = parse(versions_client.get(at(versions_client) + "/minutes?change=1").data).by_id("minutes-hint").text()
    assert hint == "In minutes. 0592T is a follow-up session of at least 45 minutes."


def test_peer_supports_hint_says_the_unit_from_the_data(versions_client):
    start(versions_client, "provider")
    walk(versions_client, PATHS["peer_support"][:5])
    hint = parse(versions_client.get(at(versions_client) + "/minutes").data).by_id("minutes-hint").text()
    assert hint == "In minutes. H0038 is billed per 15 minutes."


@pytest.mark.parametrize("date, outcome, eligible", [(BEFORE, "Likely covered", "Eligible"),
                                                     (AFTER, "Likely not covered", "Not eligible")])
def test_the_codes_table_says_the_eligibility_the_version_that_judged_gives(versions_client, date, outcome, eligible):
    start(versions_client, "provider")
    walk(versions_client, follow_up("40", date))
    page = parse(versions_client.get(at(versions_client) + "/result").data)
    assert outcome in page.find("h1").text()
    table = page.find("table", class_="codes")
    assert "Eligible on these answers" in table.find("thead").text()
    (row,) = table.find("tbody").find_all("tr")
    cells = [cell.text() for cell in row.find_all("td")]
    assert cells[1] == "Listed as eligible" and cells[2] == eligible


def test_the_agents_quick_check_under_the_test_version_judges_by_its_date(versions_client):
    data = {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "NY",
            "setting": "outpatient", "group": "individual", "session": "follow_up", "minutes": "40",
            "delivery": "in_person", **AFTER}
    page = versions_client.get("/agent/quick")
    assert page.status_code == 200
    response = versions_client.post("/agent/quick", data=data)
    assert response.status_code == 303
    result = parse(versions_client.get(response.headers["Location"]).data)
    assert "Likely not covered" in result.find("h1").text()
    assert "45 minutes" in result.text()
