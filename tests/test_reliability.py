"""The database failing under the app: nothing leaks into the log, health says so, nothing is lost."""
import json
import logging
import shutil
import sqlite3

import pytest

from app.extensions import db
from app.logs import JsonFormatter
from conftest import make_app, upgrade
from faults import delete, read_only

VALID = {"diagnosis": "both", "service": "peer_support", "credential": "certified_peer", "state": "WA",
         "setting": "outpatient", "minutes": 47, "delivery": "in_person", "date_of_service": "2024-02-03"}
ANSWER_VALUES = ("certified_peer", "peer_support", "2024-02-03", '"WA"', "'WA'", "outpatient")


def post(client, body=VALID):
    return client.post("/api/v1/determinations", json=body)


def logged(caplog) -> str:
    """Every log line as the app writes it, tracebacks included."""
    return "\n".join(JsonFormatter().format(record) for record in caplog.records)


@pytest.fixture
def database(tmp_path, migrated_sqlite):
    path = tmp_path / "faults.sqlite"
    shutil.copy(migrated_sqlite, path)
    return path


def test_a_save_that_fails_logs_the_error_class_and_no_answer(database, caplog):
    app = make_app(f"sqlite:///file:{database}?mode=ro&uri=true")
    with caplog.at_level(logging.DEBUG):
        body = post(app.test_client()).get_json()
    assert body["reference"] is None and body["outcome"]
    text = logged(caplog)
    assert "could not save a determination: OperationalError" in text
    for value in ANSWER_VALUES:
        assert value not in text, value


def test_an_error_from_the_database_never_shows_the_statements_values(app):
    with app.app_context():
        assert db.engine.hide_parameters is True


def test_healthz_is_ok_only_when_the_schema_is_current_and_a_write_can_be_made(database):
    app = make_app(f"sqlite:///{database}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "schema": "ok", "writable": True}


def test_healthz_is_503_on_a_read_only_database(database):
    response = make_app(f"sqlite:///file:{database}?mode=ro&uri=true").test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["writable"] is False


def test_healthz_is_503_and_names_the_upgrade_when_the_schema_is_missing(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["schema"] == "missing" and "flask --app app db upgrade" in response.get_json()["message"]


def test_healthz_is_503_when_the_schema_is_behind(database):
    app = make_app(f"sqlite:///{database}")
    with app.app_context():
        db.session.execute(db.text("UPDATE alembic_version SET version_num = 'older'"))
        db.session.commit()
    assert app.test_client().get("/healthz").get_json()["schema"] == "behind"


def test_without_its_schema_the_app_refuses_to_serve_and_says_how_to_fix_it(tmp_path, caplog):
    app = make_app(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        api = client.post("/api/v1/determinations", json=VALID)
        page = client.get("/")
    assert api.status_code == 503 and "flask --app app db upgrade" in api.get_json()["errors"]["request"]
    assert page.status_code == 503 and b"flask --app app db upgrade" in page.data
    assert "flask --app app db upgrade" in caplog.text
    upgrade(app)  # the operator's step: then it serves, with no restart
    app.extensions["schema_guard"].interval = 0  # it looks again once a second; here, at once
    assert post(client).get_json()["reference"]


def test_look_ups_answer_503_not_500_when_the_database_fails(database):
    app = make_app(f"sqlite:///{database}")
    client = app.test_client()
    reference = post(client).get_json()["reference"]
    with app.app_context():
        db.session.execute(db.text("DROP TABLE determinations"))
        db.session.commit()
    response = client.get(f"/api/v1/determinations/{reference}")
    assert response.status_code == 503 and response.get_json()["errors"]["request"]
    assert response.headers["Retry-After"]


def test_a_deleted_database_file_takes_no_saves_and_health_says_so(database):
    app = make_app(f"sqlite:///{database}")
    client = app.test_client()
    reference = post(client).get_json()["reference"]
    assert reference
    delete(database)
    assert post(client).get_json()["reference"] is None  # not a reference into a file nobody can read
    assert client.get("/healthz").status_code == 503
    assert client.get(f"/api/v1/determinations/{reference}").status_code == 503
    assert not database.exists()  # no empty file made in its place


def test_a_database_file_replaced_while_serving_is_the_one_written_to(database, tmp_path):
    app = make_app(f"sqlite:///{database}")
    client = app.test_client()
    assert post(client).get_json()["reference"]
    backup = tmp_path / "backup.sqlite"
    with sqlite3.connect(database) as source, sqlite3.connect(backup) as target:
        source.backup(target)  # SQLite's own copy, the WAL's pages included
    delete(database)
    shutil.copy(backup, database)  # restored from a backup: a new file at the same path
    reference = post(client).get_json()["reference"]
    assert reference and client.get("/healthz").status_code == 200
    with app.app_context():
        db.engine.dispose()
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM determinations").fetchone()[0] == 2


def test_a_database_made_writable_again_takes_saves_without_a_restart(database):
    app = make_app(f"sqlite:///{database}")
    client = app.test_client()
    with read_only(database):
        assert post(client).get_json()["reference"] is None
        assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").status_code == 200
    assert post(client).get_json()["reference"]


def test_a_database_read_only_at_start_takes_saves_once_writable(database):
    with read_only(database):
        app = make_app(f"sqlite:///{database}")
        client = app.test_client()
        assert post(client).get_json()["reference"] is None
    assert post(client).get_json()["reference"]
    assert client.get("/healthz").status_code == 200
