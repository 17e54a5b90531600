"""The app under gunicorn as `make run` serves it (gunicorn.conf.py): slow clients and forged headers."""
import http.client
import socket
from urllib.parse import urlparse

import pytest

from conftest import upgrade, make_app
from live import gunicorn

STALLED_UPLOAD = (b"POST /api/v1/determinations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n{\"diagnosis\": ")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('gunicorn') / 'live.sqlite'}"
    upgrade(make_app(url))
    with gunicorn(url, workers=2) as base:
        yield urlparse(base)


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
