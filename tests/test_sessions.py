"""The session cookie written only when what it holds changed, its content and its checks as before; each
session's CSRF token signed once and given again, every posted token still checked as before."""
import base64
import re
import shutil
import time
import zlib

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask.json.tag import TaggedJSONSerializer
from itsdangerous import BadSignature

from app.sessions import KeptCsrfTokens, SealedSerializer
from conftest import TEST_SECRET, make_app
from wizard_paths import COACHING_FOLLOW_UP, PEER_SUPPORT, at, start, walk


def _cookies(response) -> list[str]:
    return [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]


def _held(app, client) -> dict:
    """What the browser's cookie holds, opened with the app's key."""
    return app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)


def test_a_page_that_changes_nothing_in_the_session_sends_no_cookie(client):
    start(client, "member")
    walk(client, COACHING_FOLLOW_UP[:2])
    for page in (at(client) + "/provider-credential", at(client) + "/diagnosis", "/member", "/policy/A015", "/"):
        response = client.get(page)
        assert response.status_code == 200 and _cookies(response) == [], page
    answered = client.post(at(client) + "/provider-credential", data={"credential": "nbhwc"})
    assert answered.status_code == 302 and len(_cookies(answered)) == 1


def test_every_checks_answers_are_held_as_they_were_given(app, client):
    start(client, "member")
    member = client.check_id
    walk(client, COACHING_FOLLOW_UP)
    start(client, "provider")
    provider = client.check_id
    walk(client, PEER_SUPPORT[:3])
    client.get(at(client) + "/state")  # read, not changed
    held = _held(app, client)["checks"]
    assert set(held) == {member, provider}
    assert held[member]["audience"] == "member" and held[provider]["audience"] == "provider"
    assert held[member]["answers"] == {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc",
                                       "state": "NY", "setting": "outpatient", "group": "individual",
                                       "session": "follow_up", "minutes": 45, "delivery": "in_person",
                                       "date_of_service": "2024-03-01"}
    assert held[provider]["answers"] == {"diagnosis": "substance_use", "service": "peer_support",
                                         "credential": "certified_peer"}


def test_a_check_read_within_a_minute_keeps_its_cookie_and_after_a_minute_is_touched_again(app, client, monkeypatch):
    start(client, "member")
    client.get(at(client) + "/diagnosis")  # the first page with a form gives the session its CSRF token
    touched = _held(app, client)["checks"][client.check_id]["touched"]
    monkeypatch.setattr(time, "time", lambda: touched + 59)
    assert _cookies(client.get(at(client) + "/diagnosis")) == []
    monkeypatch.setattr(time, "time", lambda: touched + 61)
    response = client.get(at(client) + "/diagnosis")
    assert response.status_code == 200 and len(_cookies(response)) == 1
    assert _held(app, client)["checks"][client.check_id]["touched"] == touched + 61
    assert _cookies(client.get(at(client) + "/diagnosis")) == []  # touched now: not again within the minute


def test_the_language_chosen_is_held_and_written_once(app, client):
    first = client.get("/member?lang=es")
    assert len(_cookies(first)) == 1 and _held(app, client)["lang"] == "es"
    again = client.get("/member?lang=es")
    assert again.status_code == 200 and _cookies(again) == []
    assert b'<html lang="es">' in client.get("/member").data
    back = client.get("/member?lang=en")
    assert len(_cookies(back)) == 1 and _held(app, client)["lang"] == "en"


def _fernet_cookie(secret: str, value: dict) -> str:
    """A cookie as the app sealed them before: Fernet under HKDF's key, of the zlib-compressed JSON."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"coverage-check session cookie").derive(secret.encode())
    text = TaggedJSONSerializer().dumps(value)
    return Fernet(base64.urlsafe_b64encode(key)).encrypt(zlib.compress(text.encode())).decode()


def test_a_cookie_of_the_format_before_still_opens_and_is_written_anew_when_it_changes(app, client):
    check = {"audience": "member", "answers": {"diagnosis": "both"}, "touched": int(time.time())}
    client.set_cookie("session", _fernet_cookie(TEST_SECRET, {"checks": {"abcdefghjk": check}, "csrf_token": "0" * 40}))
    client.check_id = "abcdefghjk"
    page = client.get(at(client) + "/service")
    assert page.status_code == 200 and _cookies(page) == []
    client.post(at(client) + "/service", data={"service": "coaching"})
    assert not client.get_cookie("session").value.startswith("gAAAAA")
    assert _held(app, client)["checks"]["abcdefghjk"]["answers"] == {"diagnosis": "both", "service": "coaching"}


def test_a_sealed_cookie_opens_only_with_its_key_untouched_and_within_its_age():
    sealer = SealedSerializer("k" * 32)
    sealed = sealer.dumps({"checks": {"a": {"answers": {"minutes": 45}}}})
    assert sealer.loads(sealed, max_age=60) == {"checks": {"a": {"answers": {"minutes": 45}}}}
    with pytest.raises(BadSignature):
        SealedSerializer("x" * 32).loads(sealed)
    raw = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
    for place in range(len(raw)):  # the format byte, the time sealed, the nonce, the text and its tag
        changed = raw[:place] + bytes([raw[place] ^ 1]) + raw[place + 1:]
        with pytest.raises(BadSignature):
            sealer.loads(base64.urlsafe_b64encode(changed).decode())
    old = sealer.seal("{}", now=time.time() - 3600)
    assert sealer.open(old, max_age=3601) == "{}"
    with pytest.raises(BadSignature):
        sealer.open(old, max_age=3599)
    with pytest.raises(BadSignature):
        sealer.open(sealer.seal("{}", now=time.time() + 3600))
    with pytest.raises(BadSignature):
        sealer.open("not a cookie at all")


def test_a_cookie_older_than_the_session_lifetime_starts_an_empty_session(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "x.sqlite")
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", PERMANENT_SESSION_LIFETIME=10)
    client = app.test_client()
    start(client, "member")
    sealer = app.session_interface.get_signing_serializer(app)
    client.set_cookie("session", sealer.seal(sealer.json.dumps(_held(app, client)), now=time.time() - 11))
    assert client.get(at(client) + "/diagnosis").headers["Location"] == "/?ended=1"


# CSRF: the token signed once per session, every posted token checked as before

@pytest.fixture
def csrf_app(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "csrf.sqlite")
    return make_app(f"sqlite:///{tmp_path / 'csrf.sqlite'}", WTF_CSRF_ENABLED=True)


def _token(response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def _start(client) -> str:
    """Start a member's check with the start page's own token; the address of its first question."""
    response = client.post("/member", data={"csrf_token": _token(client.get("/member"))})
    assert response.status_code == 302
    return response.headers["Location"]


def test_a_sessions_token_is_signed_once_and_given_on_every_page(csrf_app, monkeypatch):
    client = csrf_app.test_client()
    token = _token(client.get("/member"))
    question = _start(client)
    signed = []
    import flask_wtf.csrf
    monkeypatch.setattr(flask_wtf.csrf.URLSafeTimedSerializer, "dumps",
                        lambda self, value, *a, **k: signed.append(value) or "unused")
    pages = [client.get(page) for page in ("/member", question, question, "/member")]
    assert [_token(page) for page in pages] == [token] * 4 and signed == []
    other = csrf_app.test_client()
    monkeypatch.undo()
    assert _token(other.get("/member")) != token  # another session, its own token


@pytest.mark.parametrize("posted", ["missing", "another session's", "tampered", "the raw token"])
def test_a_posted_token_that_is_not_this_sessions_signed_token_is_refused(csrf_app, posted):
    client, other = csrf_app.test_client(), csrf_app.test_client()
    question = _start(client)
    client.get(question)
    token = _token(client.get(question))
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    data = {"missing": {}, "another session's": {"csrf_token": _token(other.get("/member"))},
            "tampered": {"csrf_token": token[:-2] + ("AA" if token[-2:] != "AA" else "BB")},
            "the raw token": {"csrf_token": raw}}[posted]
    assert client.post(question, data={"diagnosis": "both", **data}).status_code == 400
    assert client.post(question, data={"diagnosis": "both", "csrf_token": token}).status_code == 302


def test_the_time_limit_is_honoured_for_a_token_kept(tmp_path, migrated_sqlite, monkeypatch):
    shutil.copy(migrated_sqlite, tmp_path / "x.sqlite")
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", WTF_CSRF_ENABLED=True, WTF_CSRF_TIME_LIMIT=20)
    assert KeptCsrfTokens.keep_for(app) == 2  # a tenth of the limit
    client = app.test_client()
    question = _start(client)
    now = time.time()
    token = _token(client.get(question))
    monkeypatch.setattr(time, "time", lambda: now + 1)
    assert _token(client.get(question)) == token  # kept: signed a second ago
    monkeypatch.setattr(time, "time", lambda: now + 3)
    fresh = _token(client.get(question))
    assert fresh != token  # older than a tenth of the limit: signed anew
    monkeypatch.setattr(time, "time", lambda: now + 22)
    assert client.post(question, data={"diagnosis": "both", "csrf_token": token}).status_code == 400  # expired
    assert client.post(question, data={"diagnosis": "both", "csrf_token": fresh}).status_code == 302
