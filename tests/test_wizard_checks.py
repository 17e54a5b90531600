"""Several checks at once, each under its own id; the cookie that holds them is encrypted; an idle check times out."""
import time

import pytest
from flask import Flask

from app.security import SealedSerializer
from app.wizard import state
from wizard_html import parse
from wizard_paths import COACHING_FOLLOW_UP, PEER_SUPPORT, answers, at, start, walk


def test_two_checks_in_one_browser_keep_their_own_answers(client):
    start(client, "member")
    first = client.check_id
    walk(client, COACHING_FOLLOW_UP)
    start(client, "provider")
    second = client.check_id
    walk(client, PEER_SUPPORT)
    assert first != second
    member = parse(client.get(at(client, first) + "/result").data)
    provider = parse(client.get(at(client, second) + "/result").data)
    assert "45 minutes" in member.find(class_="summary-list").text()
    assert "60 minutes" in provider.find(class_="summary-list").text()
    assert provider.find(class_="site-header__audience").text() == "For provider offices"


def test_an_answer_in_one_check_leaves_the_other_as_it_was(client):
    start(client, "member")
    first = client.check_id
    walk(client, COACHING_FOLLOW_UP[:2])
    start(client, "member")
    walk(client, PEER_SUPPORT[:2])
    client.check_id = first
    assert answers(client) == {"diagnosis": "mental_health", "service": "coaching"}


def test_check_ids_are_short_random_and_differ(client):
    ids = set()
    for _ in range(20):
        start(client, "agent")
        ids.add(client.check_id)
    assert len(ids) == 20 and all(len(i) == state.ID_LENGTH for i in ids)


def test_the_cookie_keeps_only_the_latest_checks(client):
    for _ in range(state.MAX_CHECKS + 2):
        start(client, "member")
    with client.session_transaction() as session:
        assert len(session["checks"]) == state.MAX_CHECKS and client.check_id in session["checks"]


def _fill_with_unfinished(client, count: int) -> list[str]:
    made = []
    for _ in range(count):
        start(client, "provider")
        walk(client, PEER_SUPPORT[:4])
        made.append(client.check_id)
    return made


def test_a_finished_check_goes_before_an_unfinished_one(client):
    start(client, "member")
    walk(client, COACHING_FOLLOW_UP)
    finished = client.check_id
    client.get(at(client) + "/result")  # its result is saved under a reference
    unfinished = _fill_with_unfinished(client, state.MAX_CHECKS - 1)
    start(client, "agent")
    with client.session_transaction() as session:
        assert finished not in session["checks"] and all(key in session["checks"] for key in unfinished)


def test_the_start_page_names_the_unfinished_check_that_another_would_drop_before_it_goes(client):
    oldest, *rest = _fill_with_unfinished(client, state.MAX_CHECKS)
    page = parse(client.get("/agent").data)
    warning = page.find(id="check-going").text()
    assert f"This browser keeps {state.MAX_CHECKS} checks in progress at a time." in warning
    assert "forget the unfinished check for provider offices (Peer support services, California)" in warning
    assert page.find(id="check-going").find("a").attrs["href"] == f"/check/{oldest}/setting"
    quick = parse(client.get("/agent/quick").data)
    assert "Peer support services, California" in quick.find(id="check-going").text()
    start(client, "agent")
    with client.session_transaction() as session:
        assert oldest not in session["checks"] and all(key in session["checks"] for key in rest)
    assert client.get(f"/check/{oldest}/state").headers["Location"] == "/?ended=1"


def test_no_warning_while_there_is_room_or_a_finished_check_would_go(client):
    _fill_with_unfinished(client, state.MAX_CHECKS - 1)
    assert parse(client.get("/member").data).find(id="check-going") is None
    start(client, "member")
    walk(client, COACHING_FOLLOW_UP)
    client.get(at(client) + "/result")
    assert parse(client.get("/member").data).find(id="check-going") is None


def test_a_finished_check_whose_answer_changes_is_unfinished_again_until_its_new_result_is_saved(client):
    start(client, "member")
    walk(client, COACHING_FOLLOW_UP)
    changed = client.check_id
    client.get(at(client) + "/result")
    client.post(at(client) + "/minutes?change=1", data={"minutes": "50"})  # the new answers are not saved yet
    _fill_with_unfinished(client, state.MAX_CHECKS - 1)
    warning = parse(client.get("/member").data).find(id="check-going")
    assert warning is not None and warning.find("a").attrs["href"].startswith(f"/check/{changed}/")
    client.get(at(client, changed) + "/result")  # saved under a reference of its own: finished again
    assert parse(client.get("/member").data).find(id="check-going") is None


def test_every_check_the_cookie_keeps_fits_in_it_with_a_refused_one_page_check(client):
    # the cookie's limit is about 4,096 bytes with its name and attributes: the most checks, each with
    # different answers and a saved result, and the most a refused one-page check holds, must fit
    import random
    from app.coverage.answers import STATES
    chooser = random.Random(18)
    for _ in range(state.MAX_CHECKS):
        start(client, chooser.choice(["member", "provider", "agent"]))
        path = [(slug, dict(data)) for slug, data in PEER_SUPPORT]
        path[3] = ("state", {"state": chooser.choice(sorted(STATES))})
        path[5] = ("minutes", {"minutes": str(chooser.randint(15, 480))})
        path[7] = ("date-of-service", {"month": str(chooser.randint(1, 12)), "day": str(chooser.randint(1, 28)),
                                       "year": str(chooser.randint(2023, 2026))})
        walk(client, path)
        client.get(at(client) + "/result")
    # the most a refused one-page check keeps: 30 fields of 40 characters, none alike
    client.post("/agent/quick", data={f"field{i}": "".join(chooser.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                                                            for _ in range(40)) for i in range(30)})
    cookie = client.get_cookie("session").value
    assert len(cookie) < 3_600, len(cookie)  # measured at 3,000 bytes, its name and attributes leaving room


def test_the_session_cookie_is_encrypted_not_only_signed(client):
    start(client, "member")
    walk(client, COACHING_FOLLOW_UP[:2])
    cookie = client.get_cookie("session").value
    assert "mental_health" not in cookie and "coaching" not in cookie
    import base64
    import zlib
    for piece in cookie.split("."):
        try:
            assert b"mental_health" not in zlib.decompress(base64.urlsafe_b64decode(piece + "=" * (-len(piece) % 4)))
        except (zlib.error, ValueError):
            pass  # not readable: as it should be


def test_a_cookie_made_with_another_key_is_no_cookie():
    app = Flask(__name__)
    sealed = SealedSerializer("k" * 32).dumps({"checks": {}})
    with pytest.raises(Exception):
        SealedSerializer("x" * 32).loads(sealed)
    assert SealedSerializer("k" * 32).loads(sealed) == {"checks": {}}
    del app


def test_a_tampered_cookie_starts_an_empty_session(client):
    start(client, "member")
    cookie = client.get_cookie("session").value
    client.set_cookie("session", cookie[:-4] + ("AAAA" if cookie[-4:] != "AAAA" else "BBBB"))
    response = client.get(at(client) + "/diagnosis")
    assert response.status_code == 302 and response.headers["Location"] == "/?ended=1"


def test_an_idle_check_times_out_and_the_start_page_says_so(app, client, monkeypatch):
    start(client, "provider")
    walk(client, COACHING_FOLLOW_UP[:2])
    later = time.time() + app.config["CHECK_IDLE_MINUTES"] * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(at(client) + "/provider-credential")
    assert response.status_code == 302 and response.headers["Location"] == "/provider?timed_out=1"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your check timed out: it was left for more than 60 minutes" in page
    assert client.get(at(client) + "/provider-credential").headers["Location"] == "/?ended=1"  # forgotten


def test_a_check_used_within_the_idle_time_goes_on(app, client, monkeypatch):
    start(client, "member")
    soon = time.time() + app.config["CHECK_IDLE_MINUTES"] * 60 - 5
    monkeypatch.setattr(time, "time", lambda: soon)
    assert client.get(at(client) + "/diagnosis").status_code == 200


def test_the_idle_time_is_a_setting(tmp_path, migrated_sqlite):
    import shutil

    from conftest import make_app
    shutil.copy(migrated_sqlite, tmp_path / "x.sqlite")
    client = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", CHECK_IDLE_MINUTES=0).test_client()
    start(client, "member")
    time.sleep(1.1)
    assert client.get(at(client) + "/diagnosis").headers["Location"] == "/member?timed_out=1"


def test_an_old_address_without_an_id_leads_to_the_latest_check(client):
    start(client, "member")
    walk(client, COACHING_FOLLOW_UP[:1])
    response = client.get("/check/service?change=1")
    assert response.status_code == 302 and response.headers["Location"] == at(client) + "/service?change=1"
    assert client.get("/check/answers").headers["Location"] == at(client) + "/answers"
    assert client.get("/check/no-such-question").status_code == 404


def test_an_unknown_check_id_sends_the_person_to_the_start(client):
    start(client, "member")
    assert client.get("/check/zzzzzzzzzz/diagnosis").headers["Location"] == "/?ended=1"


def test_opening_a_page_of_a_check_counts_as_using_it(app, client, monkeypatch):
    start(client, "member")
    idle = app.config["CHECK_IDLE_MINUTES"] * 60
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + idle - 5)
    assert client.get(at(client) + "/diagnosis").status_code == 200  # read, not answered
    monkeypatch.setattr(time, "time", lambda: now + idle + 60)
    assert client.get(at(client) + "/diagnosis").status_code == 200  # still alive: the read counted
