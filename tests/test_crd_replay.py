"""The JWT ids already used: written once by each token's first call, refused after, on every worker alike."""
import shutil
import time

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from conftest import make_app

ISSUER = "https://ehr.example.org"


@pytest.fixture
def app(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "replay.sqlite")
    return make_app(f"sqlite:///{tmp_path / 'replay.sqlite'}")


def first_use(app, jti, expires=None, now=None):
    from app.crd.replay import DatabaseSeenTokens
    with app.app_context():
        return DatabaseSeenTokens().first_use(ISSUER, jti, expires or time.time() + 300, now=now)


def stored(app) -> set:
    from app.crd.replay import SeenToken
    from app.extensions import db
    with app.app_context():
        return set(db.session.execute(select(SeenToken.jti)).scalars())


def test_a_jti_is_new_once_and_then_a_replay(app):
    assert first_use(app, "one") is True
    assert first_use(app, "one") is False
    assert first_use(app, "two") is True
    assert stored(app) == {"one", "two"}  # in the database, where every worker looks


def test_another_worker_refuses_the_jti_one_has_recorded(app):
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"])
    assert first_use(app, "shared") is True
    assert first_use(other, "shared") is False


def test_each_database_gets_its_own_insert_and_rows(app, tmp_path, migrated_sqlite):
    # the INSERT is compiled once per engine: a second app on another file writes there, not to the first
    shutil.copy(migrated_sqlite, tmp_path / "elsewhere.sqlite")
    elsewhere = make_app(f"sqlite:///{tmp_path / 'elsewhere.sqlite'}")
    assert first_use(app, "here") is True
    assert first_use(elsewhere, "here") is True
    assert stored(app) == stored(elsewhere) == {"here"}


def test_a_connection_that_fails_once_is_replaced_and_the_jti_recorded(app, monkeypatch):
    from app.extensions import db
    with app.app_context():
        real, calls = db.engine.raw_connection, []

        def stale_then_fresh():
            calls.append(1)
            if len(calls) == 1:
                raise OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))
            return real()
        monkeypatch.setattr(db.engine, "raw_connection", stale_then_fresh)
        assert first_use(app, "retried") is True
    monkeypatch.undo()
    assert first_use(app, "retried") is False


def test_a_database_that_cannot_answer_refuses_the_call(app, monkeypatch):
    from app.crd.trust import ReplayUnknown
    from app.extensions import db

    def broken():
        raise OperationalError("INSERT", {}, Exception("database is locked"))
    with app.app_context():
        monkeypatch.setattr(db.engine, "raw_connection", broken)
        with pytest.raises(ReplayUnknown):
            first_use(app, "unknown")
    monkeypatch.undo()
    assert stored(app) == set()


def test_the_purge_forgets_expired_ids_and_keeps_the_rest(app, monkeypatch):
    from app.crd import replay
    now = time.time()
    assert first_use(app, "old", expires=now - 600, now=now - 900)
    assert first_use(app, "live", expires=now + 300, now=now)
    monkeypatch.setattr(replay, "PURGE_CHANCE", 1.0)
    assert first_use(app, "new", expires=now + 300, now=now)
    assert stored(app) == {"live", "new"}
    assert first_use(app, "live") is False
