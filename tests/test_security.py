"""Headers, secret keys, cookies, limits, request ids and logs."""
import json
import logging

import pytest

from app import create_app
from app.security import InsecureConfiguration
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
    assert create_app({"SECRET_KEY": "k" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


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
    assert client.get("/healthz", headers={"X-Request-ID": "abc12345-proxy"}).headers["X-Request-ID"] == "abc12345-proxy"
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
