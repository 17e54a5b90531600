"""The database as the app finds it: SQLite's settings, the file it has open, the schema's version,
and whether a write can be made. Each answers truthfully, so that health and saving can.
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError

log = logging.getLogger(__name__)
UPGRADE = "flask --app app db upgrade"
NO_SCHEMA = f"The database has no tables, or older ones: run `{UPGRADE}` before serving."
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


SAVES = "saves"  # the bind key of the pool saves go through on PostgreSQL
SAVES_RECYCLE_SECONDS = 300  # a pooled connection older than this is opened again before a save


def saving_options(url: str, options: dict) -> dict:
    """The engine a PostgreSQL save goes through: the app's own options, but each save one round trip.

    Measured (docs/benchmarks.md, "Where a PostgreSQL save's time goes"): on the app's pool a save was
    four round trips, the pre-ping's SELECT 1, BEGIN, the INSERT and COMMIT. Here the connections are in
    autocommit, so the INSERT alone is sent and is itself a transaction, committed (and, with
    synchronous_commit on, flushed) before the server answers; nothing is pinged, since a save that fails
    is tried once more on a new connection (storage.save); a connection is renewed after a few minutes, so
    that one dropped quietly while idle (by a firewall, a proxy) is rarely met; and the INSERT is prepared
    on a connection's first save (prepare_threshold 0), not its sixth. Every other query keeps the
    app's pool and its pre-ping: it has no retry of its own."""
    connect_args = {"prepare_threshold": 0, **options.get("connect_args", {})}
    return {**options, "url": url, "isolation_level": "AUTOCOMMIT", "pool_pre_ping": False,
            "pool_recycle": options.get("pool_recycle", SAVES_RECYCLE_SECONDS), "connect_args": connect_args}


class DatabaseUnavailable(RuntimeError):
    """The database cannot be read or written just now; a look-up answers 503, a save gives no reference."""


class SchemaMissing(DatabaseUnavailable):
    """The database answers, but without the schema's current version: an operator's step is missing."""


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(connection, _record):
    # WAL lets readers go on while one worker writes; the busy timeout makes writers wait, not fail.
    # synchronous=NORMAL in WAL: a commit survives the app or the server process crashing (it is in the
    # WAL file when COMMIT returns); only a power cut or kernel crash can lose the last commits, never corrupt
    if type(connection).__module__.startswith("sqlite3"):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def file_identity(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def watch_sqlite_file(engine: Engine, path: str) -> None:
    """Connections open to a SQLite file that has since been deleted or replaced are never used.

    Each connection remembers the identity (device, inode) of the file it opened; when it is taken
    from the pool and the path no longer names that file, it is thrown away and a new one is opened.
    A file missing altogether is not made again (an empty file would take saves that nobody finds):
    only a file missing when the app started, before its first `db upgrade`, may be created."""
    may_create = not os.path.exists(path)

    @event.listens_for(engine, "do_connect")
    def _refuse_a_vanished_file(_dialect, _record, _args, _kwargs):
        if not may_create and not os.path.exists(path):
            import sqlite3
            raise sqlite3.OperationalError("the database file is missing")

    @event.listens_for(engine, "connect")
    def _remember(_connection, record):
        record.info["file"] = file_identity(path)

    @event.listens_for(engine, "checkout")
    def _still_the_same_file(_connection, record, _proxy):
        if file_identity(path) != record.info.get("file"):
            raise DisconnectionError("the database file was deleted or replaced")


def sqlite_path(url) -> str | None:
    """The file a SQLite URL names, or None for a server or an in-memory database."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    database = url.database
    if database.startswith("file:"):
        database = database[len("file:"):]
    return database


def schema_head() -> str:
    """The newest migration's revision: the version a database must be at."""
    from alembic.script import ScriptDirectory
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def missing_table(error: SQLAlchemyError) -> bool:
    """SQLite's and PostgreSQL's words for a table that is not there."""
    said = str(getattr(error, "orig", error))
    return "no such table" in said or "does not exist" in said


def forget_connections(session, engine: Engine) -> None:
    """After a failure, open new connections: a file made writable again, or restored, is then used."""
    try:
        session.rollback()
        session.close()
    finally:
        engine.dispose()


def check(session, engine: Engine, head: str) -> dict:
    """What /healthz reports: the database answers, is at the schema's head, and takes a write."""
    try:
        version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as error:
        if not missing_table(error):
            forget_connections(session, engine)
            return {"database": "not answering", "error": type(error).__name__}
        session.rollback()
        version = None
    if version != head:
        session.rollback()
        return {"database": "ok", "schema": "missing" if version is None else "behind",
                "message": NO_SCHEMA}
    error = None
    for _attempt in range(2):  # the second on a new connection: one opened before a fault was mended may be stale
        try:
            # a write that changes nothing, rolled back: it needs the same lock and file access a save needs
            session.execute(text("UPDATE alembic_version SET version_num = version_num"))
            session.rollback()
            return {"database": "ok", "schema": "ok", "writable": True}
        except SQLAlchemyError as failed:
            error = failed
            forget_connections(session, engine)
    return {"database": "ok", "schema": "ok", "writable": False, "error": type(error).__name__}


class SchemaGuard:
    """Refuses to serve while the database answers without its schema; checks at most once a second
    until the schema is found, then never again in this process."""

    def __init__(self, head: str, interval: float = 1.0):
        self.head = head
        self.interval = interval
        self.ready = False
        self.checked_at = 0.0
        self.missing = False

    def missing_now(self, session) -> bool:
        if self.ready:
            return False
        now = time.monotonic()
        if now - self.checked_at < self.interval:
            return self.missing
        self.checked_at = now
        try:
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except SQLAlchemyError as error:
            session.rollback()
            # a database that does not answer at all is not a missing schema: results are still given
            self.missing = missing_table(error)
        else:
            self.missing = version != self.head
            self.ready = not self.missing
        if self.missing:
            log.error(NO_SCHEMA)
        return self.missing


def insert_or_nothing(model, **values):
    """INSERT ... ON CONFLICT DO NOTHING, as SQLite and PostgreSQL both say it: one statement, no race."""
    from sqlalchemy.dialects.postgresql import insert as postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    from ..extensions import db
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    return insert(model).values(**values).on_conflict_do_nothing()
