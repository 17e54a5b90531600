"""Pages kept once rendered: each session still gets its own CSRF token, and a page is kept for what it shows."""
import re

import pytest

from conftest import make_app
from wizard_html import parse
from wizard_paths import at, start


@pytest.fixture
def csrf_app(tmp_path, migrated_sqlite):
    import shutil
    path = tmp_path / "csrf.sqlite"
    shutil.copy(migrated_sqlite, path)
    return make_app(f"sqlite:///{path}", WTF_CSRF_ENABLED=True)


def _token(html: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()


def test_a_kept_start_page_carries_each_sessions_own_token(csrf_app):
    first, second = csrf_app.test_client(), csrf_app.test_client()
    one, two = first.get("/member").data, second.get("/member").data
    assert _token(one) != _token(two) and b"csrf-token\x00" not in one + two
    # each token is the one its own session accepts, and only that one
    assert second.post("/member", data={"csrf_token": _token(one)}).status_code == 400
    assert first.post("/member", data={"csrf_token": _token(one)}).status_code == 302


def test_a_kept_question_page_follows_the_answers_it_shows(client):
    start(client, "member")
    page = parse(client.get(at(client) + "/diagnosis").data)
    assert not any("checked" in i.attrs for i in page.find_all("input", type="radio"))
    client.post(at(client) + "/diagnosis", data={"diagnosis": "both"})
    again = parse(client.get(at(client) + "/diagnosis").data)
    assert [i.attrs["value"] for i in again.find_all("input", type="radio") if "checked" in i.attrs] == ["both"]


def test_the_policy_page_is_kept_per_language(client):
    english = client.get("/policy/A015").data
    spanish = client.get("/policy/A015?lang=es").data
    assert b'<html lang="en">' in english and b'<html lang="es">' in spanish
    assert client.get("/policy/A015?lang=en").data.count(b"Table of Contents") >= 1


def test_a_kept_page_with_no_form_asks_for_no_token_and_sets_no_cookie(csrf_app):
    for _ in range(2):  # rendered, then given again from what was kept
        response = csrf_app.test_client().get("/policy/A015")
        assert response.status_code == 200 and response.headers.getlist("Set-Cookie") == []
