"""Faults under load, through gunicorn as `make run` serves the app: a worker killed, PostgreSQL stopped.

Nothing but 200 (with a reference, or with "reference": null and a note) and 503 is answered;
every reference given is found afterwards; /healthz says what is true at each moment.
"""
import concurrent.futures
import http.client
import json
import logging
import os
import signal
import subprocess
import time
from urllib.parse import urlparse

import pytest

from app.extensions import db
from app.storage.database import SAVES
from app.storage.references import display, new_reference
from conftest import POSTGRES_URL, make_app, upgrade
from live import gunicorn

BODY = json.dumps({"diagnosis": "both", "service": "coaching", "credential": "nchec", "state": "VT",
                   "minutes": 45, "session": "follow_up", "date_of_service": "2024-03-01"})


def request(base, method, path, body=None):
    """(status, JSON body), or (None, error name) when the connection failed before an answer."""
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    except (OSError, http.client.HTTPException) as error:
        return None, type(error).__name__
    finally:
        connection.close()


def load(base, count: int, during=None):
    """`count` POSTs from 8 clients at once; `during()` is called once a third of them are answered."""
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        first = list(pool.map(lambda _: request(base, "POST", "/api/v1/determinations", BODY), range(count // 3)))
        later = [pool.submit(request, base, "POST", "/api/v1/determinations", BODY) for _ in range(count - count // 3)]
        seen_during = during() if during else None
        return first + [f.result() for f in later], seen_during


def saved_references(url) -> set[str]:
    app = make_app(url)
    with app.app_context():
        rows = db.session.execute(db.text("SELECT reference FROM determinations")).scalars().all()
        db.engine.dispose()
    return {r[:4] + "-" + r[4:8] + "-" + r[8:] for r in rows}


def assert_nothing_lost(answers, url):
    statuses = {status for status, _ in answers}
    assert statuses <= {200, 503, None}, statuses
    given = {body["reference"] for status, body in answers if status == 200 and body["reference"]}
    assert given and given <= saved_references(url)


def test_a_worker_killed_mid_load_loses_nothing(api_server):
    # the live server this pytest worker shares: gunicorn replaces the worker killed, as it would in service
    url, base = api_server.database_url, urlparse(api_server.url)

    def kill_a_worker():
        (victim, *_others) = _workers_of(base.port)
        os.kill(victim, signal.SIGKILL)
        return victim

    answers, killed = load(base, 240, during=kill_a_worker)
    assert killed
    assert all(status == 200 for status, _ in answers if status is not None)  # a cut connection, never a 5xx
    assert_nothing_lost(answers, url)
    for _ in range(50):  # gunicorn starts a new worker; health is ok once it answers
        status, body = request(base, "GET", "/healthz")
        if status == 200:
            break
        time.sleep(0.1)
    assert status == 200 and body["writable"] is True


def _workers_of(port: int) -> list[int]:
    """The gunicorn workers serving this port: forks of the master, whose command line binds it too."""
    from pathlib import Path
    serving = {}  # pid -> parent, for every process whose command line is this gunicorn's
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            command = (stat.parent / "cmdline").read_bytes()
            if b"gunicorn" in command and f"127.0.0.1:{port}".encode() in command:
                serving[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue
    return sorted(pid for pid, parent in serving.items() if parent in serving)


PG_CTL = os.environ.get("TEST_POSTGRES_PG_CTL", "")


def pg_ctl(*args):
    owner = os.environ["TEST_POSTGRES_OWNER"]
    as_owner = ["runuser", "-u", owner, "--"] if os.geteuid() == 0 and owner != "root" else []
    subprocess.run([*as_owner, PG_CTL, "-D", os.environ["TEST_POSTGRES_DATA"], "-w", *args],
                   check=True, capture_output=True, timeout=60)


@pytest.mark.skipif(not (POSTGRES_URL and PG_CTL), reason="no PostgreSQL: run through tests/with-services")
def test_postgresql_stopped_mid_load_gives_answers_and_503s_and_loses_nothing():
    upgrade(make_app(POSTGRES_URL))
    with gunicorn(POSTGRES_URL, workers=2) as base_url:
        base = urlparse(base_url)

        def stop_then_look():
            pg_ctl("stop", "-m", "fast")
            try:
                health = request(base, "GET", "/healthz")
                post = request(base, "POST", "/api/v1/determinations", BODY)
                lookup = request(base, "POST", "/api/v1/determinations/lookup",
                                 json.dumps({"reference": display(new_reference())}))
            finally:
                logs = os.path.join(os.path.dirname(os.environ["TEST_POSTGRES_DATA"]), "log")
                pg_ctl("start", "-l", logs, "-o", os.environ["TEST_POSTGRES_OPTIONS"])
            return health, post, lookup

        answers, (health, post, lookup) = load(base, 150, during=stop_then_look)
        assert health[0] == 503
        assert post[0] == 200 and post[1]["reference"] is None and post[1]["reference_note"]
        assert lookup[0] == 503
        assert_nothing_lost(answers, POSTGRES_URL)
        status, body = request(base, "GET", "/healthz")
        assert status == 200 and body["writable"] is True
        status, body = request(base, "POST", "/api/v1/determinations", BODY)
        assert status == 200 and body["reference"]


class Failures(logging.Handler):
    """The messages of the records logged where it is added."""
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.mark.skipif(not (POSTGRES_URL and PG_CTL), reason="no PostgreSQL: run through tests/with-services")
def test_a_postgresql_restart_between_saves_loses_no_row_and_gives_no_500():
    """The server stopped as if killed, then started: every pooled connection is cut, saves' and the rest's.
    The first save after it fails on its cut connection and is made again on a new one, so it too has
    its reference; what was saved before is all still there."""
    app = make_app(POSTGRES_URL)
    upgrade(app)
    client = app.test_client()
    before = [client.post("/api/v1/determinations", data=BODY, content_type="application/json") for _ in range(3)]
    with app.app_context():
        # three connections in the pool of saves, as under load: the restart cuts them all
        held = [db.engines[SAVES].raw_connection() for _ in range(3)]
        for connection in held:
            connection.close()
    assert client.get("/healthz").status_code == 200  # the app's other pool holds a connection too
    pg_ctl("stop", "-m", "immediate")
    logs = os.path.join(os.path.dirname(os.environ["TEST_POSTGRES_DATA"]), "log")
    pg_ctl("start", "-l", logs, "-o", os.environ["TEST_POSTGRES_OPTIONS"])
    failures = Failures()
    logging.getLogger("app.storage").addHandler(failures)  # the migrations' logging set-up leaves caplog out
    try:
        after = [client.post("/api/v1/determinations", data=BODY, content_type="application/json") for _ in range(3)]
    finally:
        logging.getLogger("app.storage").removeHandler(failures)
    assert failures.messages == ["could not save a determination: OperationalError"]  # the first, on a cut connection
    assert [r.status_code for r in before + after] == [200] * 6
    given = {r.get_json()["reference"] for r in before + after}
    assert None not in given and len(given) == 6
    assert given <= saved_references(POSTGRES_URL)
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["writable"] is True
    first = before[0].get_json()["reference"]
    assert client.get(f"/api/v1/determinations/{first}").status_code == 200
    with app.app_context():
        db.engine.dispose()
