"""64 determinations submitted at once through gunicorn's two workers: every one saved, none lost."""
import contextlib
import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text

from app.config import database_url
from conftest import POSTGRES_URL, make_app, upgrade
from live import gunicorn

SUBMISSIONS = 64


def submit(base: str, minutes: int) -> tuple[int, str]:
    body = {"diagnosis": "mental_health", "service": "peer_support", "credential": "certified_peer",
            "state": "NY", "setting": "outpatient", "delivery": "in_person", "minutes": minutes}
    request = urllib.request.Request(base + "/api/v1/determinations", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)["reference"]
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.fixture(params=["sqlite"] + (["postgresql"] if POSTGRES_URL else []))
def served(request):
    """The base URL of two gunicorn workers and an engine on their database, its determinations emptied."""
    if request.param == "sqlite":  # the live server on SQLite the pytest worker shares
        url = request.getfixturevalue("api_server").database_url
        server = contextlib.nullcontext(request.getfixturevalue("api_server").url)
    else:
        url = POSTGRES_URL
        upgrade(make_app(url))
        server = gunicorn(url, workers=2)
    engine = create_engine(database_url(url))

    def empty():
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM determinations"))

    empty()
    with server as base:
        yield base, engine
    empty()  # a database shared by other tests
    engine.dispose()


def test_concurrent_submissions_are_all_saved(served):
    base, engine = served
    with ThreadPoolExecutor(SUBMISSIONS) as pool:
        results = list(pool.map(lambda i: submit(base, 15 * (1 + i % 8)), range(SUBMISSIONS)))
    statuses = [status for status, _ in results]
    references = {reference for _, reference in results}
    assert statuses == [200] * SUBMISSIONS
    assert None not in references and len(references) == SUBMISSIONS
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM determinations")).scalar() == SUBMISSIONS
