"""Saved determinations: saved through the API, found again as shown, purged, and safe when the database fails."""
import datetime as dt
import json
import logging

import pytest
import sqlalchemy as sa
import yaml

from app.coverage.policy import default_policy_path
from app.extensions import db
from app.storage import SavedDetermination, purge
from app.storage.database import SAVES
from conftest import make_app, upgrade
from test_api import openapi_validator

VALID = {"diagnosis": "both", "service": "peer_support", "credential": "certified_peer", "state": "WA",
         "setting": "outpatient", "minutes": 45, "delivery": "in_person", "date_of_service": "2024-02-02"}


def post(client, body=VALID):
    return client.post("/api/v1/determinations", json=body)


def count(app) -> int:
    with app.app_context():
        return db.session.query(SavedDetermination).count()


def test_every_api_determination_is_saved_with_a_reference(storage_app):
    client = storage_app.test_client()
    body = post(client).get_json()
    reference = body["reference"]
    assert len(reference) == 14 and reference.count("-") == 2
    saved = client.get(f"/api/v1/determinations/{reference}").get_json()
    openapi_validator(client, "SavedDetermination").validate(saved)
    assert saved["reference"] == reference
    assert saved["determination"] == {k: v for k, v in body.items() if k != "reference"}
    assert saved["policy"]["id"] == "A015" and saved["policy"]["version"] == "2023-04-15"
    assert saved["source"] == "api" and saved["audience"] == "member" and saved["app_version"]
    assert count(storage_app) == 1


def test_what_is_saved_holds_nothing_but_the_answers_and_what_was_shown(storage_app):
    post(storage_app.test_client())
    with storage_app.app_context():
        record = db.session.query(SavedDetermination).one()
        assert set(record.answers) == {"diagnosis", "service", "credential", "state", "setting", "session",
                                       "group", "minutes", "delivery", "date_of_service", "audience"}
        assert set(c.name for c in SavedDetermination.__table__.columns) == {
            "id", "reference", "created_at", "source", "audience", "language", "outcome", "service", "answers",
            "shown", "policy_id", "policy_version", "policy_digest", "app_version"}
        assert record.service == record.answers["service"]  # copied out of the answers, for counting use


def test_a_reference_can_be_typed_in_lower_case_and_without_hyphens(client):
    reference = post(client).get_json()["reference"]
    typed = reference.replace("-", " ").lower()
    assert client.get(f"/api/v1/determinations/{typed}").status_code == 200


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2011", "\u2212"])
def test_a_reference_pasted_with_its_hyphens_set_as_dashes_is_found(client, dash):
    reference = post(client).get_json()["reference"]
    assert client.post("/api/v1/determinations/lookup", json={"reference": reference.replace("-", dash)}).status_code == 200


def test_a_mistyped_reference_is_told_to_be_checked_not_that_it_is_not_found(client):
    reference = post(client).get_json()["reference"]
    wrong = ("3" if reference[0] != "3" else "4") + reference[1:]
    response = client.get(f"/api/v1/determinations/{wrong}")
    assert response.status_code == 422
    assert response.get_json()["errors"]["reference"].startswith("Check the reference number")


def test_a_well_formed_reference_that_was_never_given_is_not_found(client):
    from app.storage.references import display, new_reference
    response = client.get(f"/api/v1/determinations/{display(new_reference())}")
    assert response.status_code == 404


def test_a_rejected_request_saves_nothing(client, app):
    assert post(client, {**VALID, "minutes": 0}).status_code == 422
    assert client.post("/api/v1/determinations", data="nope", content_type="application/json").status_code == 400
    assert client.post("/api/v1/determinations", data="nope").status_code == 415
    assert count(app) == 0


def test_the_saved_result_is_shown_as_it_was_after_the_policy_file_changes(tmp_path, app):
    client = app.test_client()
    first = post(client).get_json()
    # a new wording of the policy, on the same database
    data = yaml.safe_load(default_policy_path().read_text(encoding="utf-8"))
    data["citations"]["diagnosis"][0]["quote"] = "mental health or substance use disorders"
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    later = make_app(app.config["SQLALCHEMY_DATABASE_URI"], POLICY_PATH=str(changed)).test_client()
    assert post(later).get_json()["reasons"][0]["citations"][0]["quote"] == "mental health or substance use disorders"
    saved = later.get(f"/api/v1/determinations/{first['reference']}").get_json()
    assert saved["determination"]["reasons"] == first["reasons"]
    assert saved["policy"]["digest"] != later.application.extensions["policy"].digest


def test_a_save_is_whole_and_committed_when_its_reference_is_answered(storage_app):
    """A connection of its own, opened after the answer, sees every column of the row: it was committed
    before the reference was given, and no transaction is left open behind it."""
    body = post(storage_app.test_client()).get_json()
    other = sa.create_engine(storage_app.config["SQLALCHEMY_DATABASE_URI"], poolclass=sa.pool.NullPool)
    try:
        with other.connect() as connection:
            row = connection.execute(sa.text("SELECT * FROM determinations WHERE reference = :reference"),
                                     {"reference": body["reference"].replace("-", "")}).mappings().one()
            if other.dialect.name == "postgresql":
                states = connection.execute(sa.text(
                    "SELECT state FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()")).scalars().all()
                assert "idle in transaction" not in states and "idle in transaction (aborted)" not in states
    finally:
        other.dispose()

    def read(value):  # SQLite gives JSON back as its text, PostgreSQL as the value
        return json.loads(value) if isinstance(value, str) else value
    assert read(row["shown"]) == {k: v for k, v in body.items() if k != "reference"}
    assert read(row["answers"]) == body["answers"]
    assert (row["source"], row["audience"], row["language"], row["outcome"], row["service"]) == (
        "api", "member", "en", body["outcome"], "peer_support")
    assert (row["policy_id"], row["policy_version"]) == ("A015", "2023-04-15")
    assert len(row["policy_digest"]) == 64 and row["app_version"] and row["created_at"]


def test_postgresql_saves_go_through_a_pool_of_their_own_that_keeps_synchronous_commit_on(storage_app):
    with storage_app.app_context():
        if db.engine.dialect.name != "postgresql":
            assert SAVES not in db.engines  # SQLite's file is written through the app's one engine
            return
        saves = db.engines[SAVES]
        assert saves.url == db.engine.url and saves.pool is not db.engine.pool
        with saves.connect() as connection:
            # each save is its own transaction, committed as it is answered, and flushed first
            assert connection.connection.dbapi_connection.autocommit is True
            assert connection.execute(sa.text("SHOW synchronous_commit")).scalar() == "on"


@pytest.fixture
def broken_app(tmp_path):
    # a database that cannot be opened: its folder does not exist
    return make_app(f"sqlite:///{tmp_path / 'missing' / 'db.sqlite'}")


def test_when_the_database_cannot_be_written_the_answer_still_comes_with_a_note(broken_app, caplog):
    with caplog.at_level(logging.ERROR):
        response = post(broken_app.test_client())
    assert response.status_code == 200
    body = response.get_json()
    assert body["reference"] is None and "No reference number could be saved" in body["reference_note"]
    assert body["outcome"] == "likely_covered"
    assert "could not save a determination" in caplog.text


def test_nothing_half_written_remains_after_a_failed_save(app, monkeypatch):
    import sqlite3
    client = app.test_client()

    class FailingCommit:
        """The pooled connection, whose commit fails after the INSERT was sent."""
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def commit(self):
            raise sqlite3.OperationalError("disk I/O error")

    with app.app_context():
        engine = db.engine
    real = engine.raw_connection
    monkeypatch.setattr(engine, "raw_connection", lambda: FailingCommit(real()))
    assert post(client).get_json()["reference"] is None
    monkeypatch.undo()
    assert count(app) == 0


def test_healthz_says_ok_when_the_database_answers(storage_app):
    response = storage_app.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json()["database"] == "ok"


def test_healthz_says_503_when_the_database_does_not(broken_app):
    response = broken_app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["status"] == "unavailable"


def test_purge_deletes_only_what_is_older_than_the_retention(storage_app):
    client = storage_app.test_client()
    for _ in range(3):
        post(client)
    with storage_app.app_context():
        old = db.session.query(SavedDetermination).first()
        old.created_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=400)
        db.session.commit()
        assert purge(365) == 1
        assert db.session.query(SavedDetermination).count() == 2


def test_the_purge_command_uses_the_retention_setting(app):
    app.config["RETENTION_DAYS"] = 30
    post(app.test_client())
    result = app.test_cli_runner().invoke(args=["purge"])
    assert "Deleted 0 determination(s) older than 30 day(s)." in result.output
    result = app.test_cli_runner().invoke(args=["purge", "--days", "0"])
    assert "Deleted 1" in result.output and count(app) == 0


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    post(app.test_client())
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(db.text("PRAGMA busy_timeout")).scalar() >= 5000


def test_migrations_build_the_schema_the_models_describe(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    fresh = make_app(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    upgrade(fresh)
    with fresh.app_context(), db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []
