"""The app under gunicorn as `make run` serves it (gunicorn.conf.py): slow clients and forged headers."""
import http.client
import json
import os
import socket
from urllib.parse import urlparse

import pytest

from conftest import upgrade, make_app
from live import gunicorns

STALLED_UPLOAD = (b"POST /api/v1/determinations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n{\"diagnosis\": ")


@pytest.fixture
def live(api_server):
    return urlparse(api_server.url)


def get(live, path, headers=None, timeout=5.0):
    connection = http.client.HTTPConnection(live.hostname, live.port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def test_two_stalled_uploads_do_not_hold_up_health(live):
    stalled = []
    try:
        for _ in range(2):
            sock = socket.create_connection((live.hostname, live.port))
            sock.sendall(STALLED_UPLOAD)  # then silence: 60,000 bytes announced, a dozen sent
            stalled.append(sock)
        # a generous bound: with sync workers this waited for gunicorn's 30 s timeout
        for _ in range(3):
            assert get(live, "/healthz", timeout=2.0).status == 200
    finally:
        for sock in stalled:
            sock.close()


def test_a_forged_forwarded_proto_from_this_machine_brings_no_https(live):
    response = get(live, "/member", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on",
                                             "X-Forwarded-For": "203.0.113.9"})
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security") is None
    assert "Secure" not in (response.getheader("Set-Cookie") or "")


REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
VALID = {"diagnosis": "both", "service": "coaching", "credential": "nchec", "state": "VT"}


def post(base, body=VALID):
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
    try:
        connection.request("POST", "/api/v1/determinations", body=json.dumps(body),
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.mark.skipif(not REDIS_URL, reason="no Redis: run through tests/with-services (make test does)")
def test_the_rate_limit_is_shared_by_every_worker_and_process_through_redis(tmp_path):
    import redis
    redis.Redis.from_url(REDIS_URL).flushdb()
    url = f"sqlite:///{tmp_path / 'limit.sqlite'}"
    upgrade(make_app(url))
    env = {"RATELIMIT_ENABLED": "true", "RATELIMIT_STORAGE_URI": REDIS_URL, "API_RATE_LIMIT": "6 per minute"}
    # two servers of two workers each: four processes, one count
    with gunicorns(2, url, workers=2, env=env) as servers:
        first, second = map(urlparse, servers)
        statuses = [post(server) for server in (first, second) * 5]
    assert statuses.count(200) == 6 and statuses.count(429) == 4
