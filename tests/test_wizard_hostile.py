"""Hostile form posts: random values at every wizard page, and posts without their CSRF token."""
import shutil

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings

from app.wizard import flow
from conftest import make_app, upgrade
from wizard_paths import PATHS, answers, at, start, walk

FIELDS = ["diagnosis", "service", "credential", "state", "setting", "group", "session", "minutes",
          "minutes_unknown", "delivery", "month", "day", "year", "csrf_token", "lang", "reference"]
# text a browser can send: no lone surrogates, which no client can encode
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
form_values = st.one_of(text, st.sampled_from(["", "unknown", "0", "-1", "99999", "NY", "coaching",
                                                               "peer_support", "y", "2024", "13", "\x00", "ç"]))
form_posts = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), form_values, max_size=8)


@given(slug=st.sampled_from(sorted(flow.BY_SLUG) + ["answers", "nothing-here"]), data=form_posts)
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
def test_random_posts_to_every_question_are_answered_without_a_server_error(tmp_path_factory, slug, data):
    client = _walked(tmp_path_factory, "member")
    before = answers(client)
    response = client.post(f"{at(client)}/{slug}", data=data)
    assert response.status_code in (302, 303, 404, 405, 422), response.status_code
    if response.status_code != 302:
        assert answers(client) == before  # a refused answer stores nothing


@given(audience=st.text(alphabet=st.characters(blacklist_characters="?#/%", blacklist_categories=("Cs",)), max_size=12),
       query=st.dictionaries(text, text, max_size=3))
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_random_addresses_and_queries_are_answered_without_a_server_error(tmp_path_factory, audience, query):
    client = _app(tmp_path_factory).test_client()
    for path in (f"/{audience}", "/lookup", "/lookup/result", "/check/abcdefghjk/result", "/agent/quick",
                 "/policy/A015"):
        assert client.get(path, query_string=query).status_code < 500
    assert client.post(f"/{audience}", data=query).status_code < 500


_APPS = {}


def _app(tmp_path_factory):
    if "app" not in _APPS:
        path = tmp_path_factory.mktemp("hostile") / "db.sqlite"
        _APPS["app"] = make_app(f"sqlite:///{path}")
        upgrade(_APPS["app"])
    return _APPS["app"]


_WALKED = {}


def _walked(tmp_path_factory, audience):
    """A fresh client with a check of a coaching follow-up walked to its end, as `start` and `walk` leave it.

    The path is walked once per audience; each example then gets its session cookie, which holds the whole
    check, so it starts where a walk of its own would have left it without twenty requests to get there."""
    app = _app(tmp_path_factory)
    name = app.config["SESSION_COOKIE_NAME"]
    if audience not in _WALKED:
        client = app.test_client()
        start(client, audience)
        walk(client, PATHS["coaching_follow_up"])
        _WALKED[audience] = client.check_id, client.get_cookie(name).value
    check_id, cookie = _WALKED[audience]
    client = app.test_client()
    client.set_cookie(name, cookie)
    client.check_id = check_id
    return client


def test_a_form_posted_without_its_csrf_token_gets_a_page_that_explains(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "x.sqlite")  # served only with its schema
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/member")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This page was open too long" in page and "Start again" in page
    assert "Traceback" not in page and "CSRF" not in page


def test_a_stale_csrf_token_gets_the_same_page(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "x.sqlite")  # served only with its schema
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/check/abcdefghjk/diagnosis", data={"diagnosis": "both", "csrf_token": "stale.token.value"})
    assert response.status_code == 400 and "Start again" in response.get_data(as_text=True)


def test_with_its_token_the_same_form_is_accepted(tmp_path, migrated_sqlite):
    import re
    shutil.copy(migrated_sqlite, tmp_path / "x.sqlite")  # served only with its schema
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/member").get_data(as_text=True))
    assert token, "the start page's form carries a CSRF token"
    assert client.post("/member", data={"csrf_token": token.group(1)}).status_code == 302


@given(data=form_posts)
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_random_posts_to_the_one_page_check_and_try_another_are_answered_without_a_server_error(
        tmp_path_factory, data):
    client = _app(tmp_path_factory).test_client()
    assert client.post("/agent/quick", data=data).status_code in (303, 413)
    assert client.get("/agent/quick").status_code == 200
    client = _walked(tmp_path_factory, "provider")
    before = answers(client)
    assert client.get(f"{at(client)}/try-another", query_string=data).status_code in (200, 422)
    assert client.post(f"{at(client)}/try-another", data=data).status_code in (303, 422)
    assert answers(client) == before  # trying, or saving, another answer never changes this check
