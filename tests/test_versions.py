"""Versions of a policy: each a data file named by its effective date; the date of service chooses."""
import datetime as dt
import shutil

import pytest
import yaml

from app.coverage.policy import PolicyError
from app.coverage.versions import PolicyLibrary
from versions_fixtures import BOTH, REAL_VERSION, TEST_VERSION, versions_app, versions_client  # noqa: F401

FOLLOW_UP_40 = {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "NY",
                "setting": "outpatient", "group": False, "session": "follow_up", "minutes": 40, "delivery": "in_person"}


def test_the_library_holds_every_version_oldest_first():
    library = PolicyLibrary.load(BOTH)
    assert [p.effective_date.isoformat() for p in library.versions] == ["2023-04-15", "2025-01-01"]
    assert library.id == "A015"


def test_the_version_in_effect_is_the_latest_on_or_before_the_date():
    library = PolicyLibrary.load(BOTH)
    assert library.for_date(dt.date(2023, 4, 14)) is None
    assert library.deciding(dt.date(2023, 4, 14)).effective_date == dt.date(2023, 4, 15)
    assert library.for_date(dt.date(2023, 4, 15)).effective_date == dt.date(2023, 4, 15)
    assert library.for_date(dt.date(2024, 12, 31)).effective_date == dt.date(2023, 4, 15)
    assert library.for_date(dt.date(2025, 1, 1)).effective_date == dt.date(2025, 1, 1)
    assert library.current(dt.date(2030, 1, 1)).effective_date == dt.date(2025, 1, 1)


def test_a_single_file_still_names_the_one_version():
    library = PolicyLibrary.load(str(REAL_VERSION))
    assert len(library.versions) == 1 and library.current().effective_date == dt.date(2023, 4, 15)


def test_a_file_named_for_another_date_stops_the_load_naming_file_and_field(tmp_path):
    wrong = tmp_path / "2024-01-01.yaml"
    shutil.copy(REAL_VERSION, wrong)
    with pytest.raises(PolicyError) as caught:
        PolicyLibrary.load(tmp_path)
    assert caught.value.path == str(wrong) and caught.value.where == "effective_date"


def test_a_bad_version_among_good_ones_stops_start_up_naming_it(tmp_path):
    from conftest import make_app
    data = yaml.safe_load(TEST_VERSION.read_text(encoding="utf-8"))
    del data["codes"][1]["listed"]
    bad = tmp_path / "2025-01-01.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        make_app("sqlite://", POLICY_PATH=f"{REAL_VERSION.parent}:{tmp_path}")
    assert str(bad) in str(caught.value) and "codes[1].listed" in str(caught.value)


def test_two_versions_with_one_effective_date_are_refused(tmp_path):
    shutil.copy(REAL_VERSION, tmp_path / "copy.yaml")
    with pytest.raises(PolicyError) as caught:
        PolicyLibrary.load(f"{REAL_VERSION.parent}:{tmp_path}")
    assert caught.value.where == "effective_date"


@pytest.mark.parametrize("date, version, outcome", [
    ("2024-12-31", "2023-04-15", "likely_covered"),      # 40 minutes meets the real 30-minute minimum
    ("2025-01-01", "2025-01-01", "likely_not_covered"),  # and not the test version's 45
])
def test_the_api_judges_under_the_version_in_effect_on_the_date_of_service(versions_client, date, version, outcome):
    body = versions_client.post("/api/v1/determinations", json={**FOLLOW_UP_40, "date_of_service": date}).get_json()
    assert body["policy"]["version"] == version and body["outcome"] == outcome
    saved = versions_client.get(f"/api/v1/determinations/{body['reference']}").get_json()
    assert saved["policy"]["version"] == version
    library = versions_client.application.extensions["policies"]
    assert saved["policy"]["digest"] == library.version(version).digest


def test_a_date_before_every_version_is_judged_under_the_first_which_says_so(versions_client):
    body = versions_client.post("/api/v1/determinations", json={**FOLLOW_UP_40, "date_of_service": "2023-01-01"}).get_json()
    assert body["policy"]["version"] == "2023-04-15"
    assert next(r for r in body["reasons"] if r["id"] == "date_of_service")["status"] == "unknown"


def test_the_wizard_saves_the_version_in_effect_on_the_date_of_service(versions_client):
    from app.extensions import db
    from app.storage.models import SavedDetermination
    from wizard_paths import COACHING_FOLLOW_UP, start, walk
    start(versions_client, "member")
    walk(versions_client, COACHING_FOLLOW_UP[:-1] + (("date-of-service", {"month": "2", "day": "1", "year": "2025"}),))
    page = versions_client.get("/check/result", follow_redirects=True).get_data(as_text=True)
    assert "/policy/A015#" in page  # the version in effect today: its quotes link to the plain policy page
    with versions_client.application.app_context():
        assert db.session.query(SavedDetermination.policy_version).scalar() == "2025-01-01"


def test_the_api_lists_the_versions(versions_client):
    body = versions_client.get("/api/v1/policies/A015").get_json()
    assert body["version"] == "2025-01-01"  # the one in effect today
    assert [v["effective_date"] for v in body["versions"]] == ["2023-04-15", "2025-01-01"]
    assert body["versions"][0]["next_review_date"] == "2024-04-15"
    for listed in body["versions"]:
        one = versions_client.get(listed["url"]).get_json()
        assert one["effective_date"] == listed["effective_date"] and listed["digest"]


def test_the_api_version_answers_422_for_a_bad_date_and_404_for_an_unknown_one(versions_client):
    assert versions_client.get("/api/v1/policies/A015/versions/2025-13-01").status_code == 422
    response = versions_client.get("/api/v1/policies/A015/versions/2024-01-01")
    assert response.status_code == 404 and "2023-04-15, 2025-01-01" in response.get_json()["errors"]["version"]
    assert versions_client.get("/api/v1/policies/B1/versions/2023-04-15").status_code == 404


def test_the_policy_page_shows_todays_version_and_links_to_the_others(versions_client):
    page = versions_client.get("/policy/A015").get_data(as_text=True)
    assert "test version, not a real policy" in page and "at least 45 mins" in page
    assert 'href="/policy/A015/2023-04-15"' in page
    older = versions_client.get("/policy/A015/2023-04-15").get_data(as_text=True)
    assert "at least 30 mins" in older and 'href="/policy/A015"' in older
    assert 'id="not-current"' in older and 'id="not-current"' not in page
    assert versions_client.get("/policy/A015/2024-01-01").status_code == 404


def test_the_check_command_judges_under_the_version_in_effect(versions_app):
    args = ["check", "--diagnosis", "mental_health", "--service", "coaching", "--credential", "nbhwc", "--state", "NY",
            "--setting", "outpatient", "--individual", "--session", "follow_up", "--minutes", "40", "--delivery",
            "in_person", "--json"]
    import json
    runner = versions_app.test_cli_runner()
    before = json.loads(runner.invoke(args=args + ["--date-of-service", "2024-12-31"]).output)
    after = json.loads(runner.invoke(args=args + ["--date-of-service", "2025-01-01"]).output)
    assert (before["policy"]["version"], before["outcome"]) == ("2023-04-15", "likely_covered")
    assert (after["policy"]["version"], after["outcome"]) == ("2025-01-01", "likely_not_covered")
