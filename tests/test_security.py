"""Headers, secret keys, cookies, limits, request ids and logs."""
import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import create_app
from app.security import InsecureConfiguration, check_secret_key
from conftest import make_app

VALID = {"diagnosis": "both", "service": "coaching", "credential": "nchec", "state": "VT"}


def routes(app):
    """Every GET route without parameters, and the parameterised ones with a real value."""
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments:
            yield rule.rule
    yield "/api/v1/policies/A015"
    yield "/no-such-page"


def test_every_route_sends_the_security_headers(app):
    client = app.test_client()
    for path in routes(app):
        response = client.get(path)
        assert response.status_code < 500, path
        csp = response.headers["Content-Security-Policy"]
        assert "unsafe-" not in csp
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'self'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")
        assert response.headers["X-Request-ID"]
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


def test_a_response_with_its_own_policy_or_cache_setting_keeps_it_and_gets_each_other_header_once():
    from flask import Flask, Response
    from app.security import EveryResponse
    inner = Flask(__name__)
    inner.add_url_rule("/chart", "chart", lambda: Response("<svg/>", mimetype="image/svg+xml",
                                                            headers={"Content-Security-Policy": "default-src 'none'"}))
    inner.add_url_rule("/kept", "kept", lambda: Response("<p>x</p>", headers={"Cache-Control": "max-age=60"}))
    inner.add_url_rule("/api/x", "api", lambda: {"a": 1})
    inner.add_url_rule("/file", "file", lambda: Response(b"%PDF", mimetype="application/pdf"))
    inner.wsgi_app = EveryResponse(inner.wsgi_app, [("Content-Security-Policy", "default-src 'self'"),
                                                    ("X-Content-Type-Options", "nosniff")])
    client = inner.test_client()
    chart = client.get("/chart").headers
    assert chart.getlist("Content-Security-Policy") == ["default-src 'none'"]
    assert chart.getlist("X-Content-Type-Options") == ["nosniff"]
    assert client.get("/kept").headers.getlist("Cache-Control") == ["max-age=60"]
    assert client.get("/api/x").headers["Cache-Control"] == "no-store"  # an answer, though not HTML
    assert client.get("/missing").headers["Cache-Control"] == "no-store"  # Werkzeug's own 404 page is HTML
    assert "Cache-Control" not in client.get("/file").headers  # neither an answer's path nor a page
    assert client.get("/file", base_url="https://x.example.org").headers["Strict-Transport-Security"]


def test_frame_ancestors_follow_the_setting(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", FRAME_ANCESTORS="'self' https://portal.example.org")
    csp = app.test_client().get("/healthz").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://portal.example.org" in csp


def test_hsts_and_secure_cookies_over_https(app):
    client = app.test_client()
    response = client.get("/member", base_url="https://coverage.example.org")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers.get("Set-Cookie", "")
    if cookie:
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_session_cookie_is_httponly_and_lax(app):
    response = app.test_client().get("/member")
    cookie = response.headers.get("Set-Cookie", "")
    if cookie:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


@pytest.mark.parametrize("key", [None, "", "too-short"])
def test_the_app_refuses_to_start_without_a_long_secret_key(tmp_path, key, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(InsecureConfiguration, match="secrets.token_hex"):
        create_app({"SECRET_KEY": key, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_a_32_byte_secret_key_is_enough(tmp_path):
    assert create_app({"SECRET_KEY": "k3y-of-32-bytes-with-many-symbols", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                       "PUBLIC_BASE_URL": "https://payer.example.org"})


def test_a_body_over_64_kb_is_refused_with_413(client):
    response = client.post("/api/v1/determinations", data="x" * (64 * 1024 + 1), content_type="application/json")
    assert response.status_code == 413


def test_the_api_is_rate_limited_with_retry_after(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
    from conftest import upgrade
    upgrade(app)
    client = app.test_client()
    statuses = [client.post("/api/v1/determinations", json=VALID).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.post("/api/v1/determinations", json=VALID)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "errors" in response.get_json()
    # pages are not limited
    assert client.get("/").status_code == 200


def test_a_405_names_the_methods_allowed(client):
    response = client.put("/api/v1/determinations")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


def test_a_request_id_from_a_proxy_is_kept_when_well_formed(client):
    given = "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert client.get("/healthz", headers={"X-Request-ID": given}).headers["X-Request-ID"] == given
    odd = client.get("/healthz", headers={"X-Request-ID": "bad id; with spaces"}).headers["X-Request-ID"]
    assert odd != "bad id; with spaces" and len(odd) == 32


def test_each_request_is_one_json_log_line_without_answers(client, caplog):
    with caplog.at_level(logging.INFO, logger="coverage_check.request"):
        client.post("/api/v1/determinations?diagnosis=mental_health", json=VALID)
    (record,) = [r for r in caplog.records if r.name == "coverage_check.request"]
    from app.logs import JsonFormatter
    line = json.loads(JsonFormatter().format(record))
    assert {"method", "path", "status", "ms", "request_id"} <= set(line)
    assert line["path"] == "/api/v1/determinations" and line["status"] == 200
    assert "nchec" not in json.dumps(line) and "mental_health" not in json.dumps(line)


def test_a_server_error_is_logged_once_with_its_request_id_and_shows_no_traceback(app, caplog):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    with caplog.at_level(logging.INFO):
        response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"secret internals" not in response.data and b"Traceback" not in response.data
    errors = [r for r in caplog.records if r.name == "coverage_check.errors"]
    assert len(errors) == 1 and errors[0].fields["request_id"] == response.headers["X-Request-ID"]


def test_an_api_server_error_is_json(app):
    @app.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/api/v1/boom")
    assert response.status_code == 500 and response.get_json() == {"errors": {"request": "Something went wrong on our side. Try again in a moment."}}


# --- second round: bodies, content types, references out of URLs and logs, settings checked at start

def test_deeply_nested_json_is_a_400_with_no_traceback_logged(client, caplog):
    with caplog.at_level(logging.INFO):
        for body in ("[" * 1000, "[" * 100 + "]" * 100, '{"a":' * 40 + "1" + "}" * 40):
            response = client.post("/api/v1/determinations", data=body, content_type="application/json")
            assert response.status_code == 400, body[:20]
            assert "nested" in response.get_json()["errors"]["body"]
    assert "Traceback" not in caplog.text and "RecursionError" not in caplog.text


def test_nesting_inside_a_string_is_not_nesting(client):
    response = client.post("/api/v1/determinations", json={**VALID, "note": "[" * 500})
    assert response.status_code == 422 and "note" in response.get_json()["errors"]


def _depth(value) -> int:
    if isinstance(value, (list, dict)):
        return 1 + max(map(_depth, value.values() if isinstance(value, dict) else value), default=0)
    return 0


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='ab"\\[]{}\n\u00e9', max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet='a"\\[{]}', max_size=3), inner,
                                                                 max_size=3), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.booleans())
def test_the_nesting_counted_before_parsing_is_the_depth_of_what_parses(value, ascii_only):
    from app.api.body import nesting_depth
    raw = json.dumps(value, ensure_ascii=ascii_only).encode()  # quotes, backslashes, brackets in keys and strings
    assert nesting_depth(raw, 0) == _depth(value)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""])
def test_the_api_takes_only_json_so_a_cross_site_form_creates_nothing(app, content_type):
    client = app.test_client()
    response = client.post("/api/v1/determinations", data=json.dumps(VALID), content_type=content_type)
    assert response.status_code == 415
    assert response.get_json() == {"errors": {"request": "Send the request as JSON."}}
    from app.extensions import db
    with app.app_context():
        assert db.session.execute(db.text("SELECT count(*) FROM determinations")).scalar() == 0


def test_json_with_a_charset_is_json(client):
    response = client.post("/api/v1/determinations", data=json.dumps(VALID),
                           content_type="application/json; charset=utf-8")
    assert response.status_code == 200


def test_a_chunked_body_over_the_limit_is_a_413(client):
    import io
    body = io.BytesIO(b"[" + b"1," * (40 * 1024) + b"1]")
    response = client.post("/api/v1/determinations", input_stream=body, content_type="application/json",
                           headers={"Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413


def test_a_reference_can_be_looked_up_by_post_so_it_is_in_no_url(client):
    reference = client.post("/api/v1/determinations", json=VALID).get_json()["reference"]
    response = client.post("/api/v1/determinations/lookup", json={"reference": reference})
    assert response.status_code == 200 and response.get_json()["reference"] == reference
    assert client.get(f"/api/v1/determinations/{reference}").status_code == 200  # the old way still answers
    assert client.post("/api/v1/determinations/lookup", json={"reference": "nope"}).status_code == 422
    assert client.post("/api/v1/determinations/lookup", json={}).status_code == 422
    assert client.post("/api/v1/determinations/lookup", json=["x"]).status_code == 400


def test_the_request_log_names_the_route_not_the_reference_and_the_client(client, caplog):
    reference = client.post("/api/v1/determinations", json=VALID).get_json()["reference"]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="coverage_check.request"):
        client.get(f"/api/v1/determinations/{reference}")
        client.get("/api/v1/determinations/ZZZZ-ZZZZ-ZZZZ")  # a 422, logged as a client error too
    from app.logs import JsonFormatter
    text = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert reference not in text and reference.replace("-", "") not in text and "ZZZZ" not in text
    line = json.loads(JsonFormatter().format([r for r in caplog.records if r.name == "coverage_check.request"][0]))
    assert line["path"] == "/api/v1/determinations/<string(minlength=12):reference>" and line["client"] == "127.0.0.1"


def test_the_api_look_up_has_a_limit_of_its_own(tmp_path, migrated_sqlite):
    import shutil
    shutil.copy(migrated_sqlite, tmp_path / "x.sqlite")
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", RATELIMIT_ENABLED=True, API_LOOKUP_RATE_LIMIT="2 per minute")
    client = app.test_client()
    statuses = [client.post("/api/v1/determinations/lookup", json={"reference": "ZZZZ-ZZZZ-ZZZZ"}).status_code
                for _ in range(3)]
    assert statuses == [422, 422, 429]
    assert client.get("/api/v1/determinations/ZZZZ-ZZZZ-ZZZZ").status_code == 429  # one limit for every way
    assert client.post("/lookup", data={"reference": "ZZZZ-ZZZZ-ZZZZ"}).status_code == 429  # the wizard's look-up too
    assert client.post("/api/v1/determinations", json=VALID).status_code == 200


def test_the_shared_look_up_limit_counts_the_posted_look_ups_not_the_form_page(tmp_path, migrated_sqlite):
    import shutil
    shutil.copy(migrated_sqlite, tmp_path / "x.sqlite")
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", RATELIMIT_ENABLED=True, API_LOOKUP_RATE_LIMIT="2 per minute")
    client = app.test_client()
    for _ in range(5):
        assert client.get("/lookup").status_code == 200  # the form looks nothing up, and is never the one refused
    statuses = [client.post("/lookup", data={"reference": "ZZZZ-ZZZZ-ZZZZ"}).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]
    assert client.post("/api/v1/determinations/lookup", json={"reference": "ZZZZ-ZZZZ-ZZZZ"}).status_code == 429
    assert client.get("/lookup").status_code == 200


@pytest.mark.parametrize("key", ["a" * 32, "ab" * 32, "0123456789" * 4, "password" * 8])
def test_a_weak_secret_key_is_refused_in_debug_too(key):
    for settings in ({}, {"DEBUG": True}, {"TESTING": True}):
        with pytest.raises(InsecureConfiguration, match="secrets.token_hex"):
            create_app({"SECRET_KEY": key, "SQLALCHEMY_DATABASE_URI": "sqlite://", **settings})


def test_a_generated_key_is_never_refused():
    import secrets
    from types import SimpleNamespace
    # the check create_app makes, on many keys; the app itself is built once with each kind of key
    for _ in range(2_000):
        check_secret_key(SimpleNamespace(config={"SECRET_KEY": secrets.token_hex(32)}))
        check_secret_key(SimpleNamespace(config={"SECRET_KEY": secrets.token_urlsafe(32)}))
    for key in (secrets.token_hex(32), secrets.token_urlsafe(32)):
        create_app({"SECRET_KEY": key, "SQLALCHEMY_DATABASE_URI": "sqlite://", "PUBLIC_BASE_URL": "http://x"})


@pytest.mark.parametrize("ancestors", ["*", "'self' *", "'self'\nX-Evil: 1", "'self'; script-src *",
                                       "http://portal.example.org", "'unsafe-inline'", "'none' 'self'", ""])
def test_frame_ancestors_are_checked_at_start_up(ancestors):
    with pytest.raises(InsecureConfiguration, match="FRAME_ANCESTORS"):
        make_app("sqlite://", FRAME_ANCESTORS=ancestors)


@pytest.mark.parametrize("ancestors", ["'self'", "'none'", "'self' https://portal.example.org",
                                       "https://portal.example.org:8443 https://a.example.com"])
def test_good_frame_ancestors_start(ancestors):
    assert make_app("sqlite://", FRAME_ANCESTORS=ancestors)


def test_trusted_hosts_refuse_other_hosts(app):
    app = make_app(app.config["SQLALCHEMY_DATABASE_URI"], TRUSTED_HOSTS=["coverage.example.org"])
    client = app.test_client()
    assert client.get("/healthz", base_url="http://evil.example").status_code == 400
    assert client.get("/member", base_url="http://coverage.example.org").status_code == 200


def test_trusted_hosts_are_read_from_the_environment(monkeypatch):
    from app.config import host_list
    assert host_list("a.example.org, b.example.org") == ["a.example.org", "b.example.org"]
    assert host_list("") is None


def test_a_request_id_is_kept_only_when_it_is_a_uuid(client):
    import uuid
    given = str(uuid.uuid4())
    assert client.get("/healthz", headers={"X-Request-ID": given}).headers["X-Request-ID"] == given
    for odd in ("abc12345-proxy", "x" * 64, "../../etc", given + "x"):
        assert client.get("/healthz", headers={"X-Request-ID": odd}).headers["X-Request-ID"] != odd


def test_the_host_header_is_never_echoed_in_a_redirect(client):
    response = client.get("/", headers={"Host": "evil.example"}, environ_overrides={"PATH_INFO": "//member"})
    assert "evil.example" not in response.headers.get("Location", "")
    response = client.get("/api/v1//policies/A015", headers={"Host": "evil.example"})
    assert "evil.example" not in response.headers.get("Location", "")


def test_forwarded_headers_are_ignored_without_trusted_proxies(client):
    response = client.get("/member", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers.get("Set-Cookie", "")


def test_forwarded_headers_count_only_from_the_trusted_proxy_addresses(app):
    app = make_app(app.config["SQLALCHEMY_DATABASE_URI"], TRUSTED_PROXIES=1, TRUSTED_PROXY_IPS=["10.0.0.5"])
    client = app.test_client()
    forged = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    direct = client.get("/healthz", headers=forged, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert "Strict-Transport-Security" not in direct.headers
    proxied = client.get("/healthz", headers=forged, environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert "Strict-Transport-Security" in proxied.headers


def test_the_idle_timeout_of_a_check_is_a_setting_of_an_hour_by_default(app):
    assert app.config["CHECK_IDLE_MINUTES"] == 60


def test_a_check_left_longer_than_the_idle_minutes_has_expired(app):
    from app.security import idle_expired
    app.config["CHECK_IDLE_MINUTES"] = 30
    with app.app_context():
        assert not idle_expired(1000.0, now=1000.0 + 30 * 60)
        assert idle_expired(1000.0, now=1000.0 + 30 * 60 + 1)
        assert idle_expired(None)
