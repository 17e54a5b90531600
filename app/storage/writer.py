"""The one INSERT a save makes, compiled once per database and sent on a pooled DBAPI connection.

Measured before this was written (a profile of 1,000 API saves on SQLite in one process): building
the statement from the row's values (SQLAlchemy's ORM-enabled insert, its cache key, coercing each
value) took about twice the time of the write and the commit together. Here the statement is
compiled once, each column's own bind processor (a datetime's format on SQLite) is looked up once,
and the JSON columns arrive already serialized: the determination is serialized once per request,
or once per distinct determination (app/api/shown.py), not once per column and again for the response.
On PostgreSQL the engine is the pool of saves (storage/database.py: saving_options), in autocommit:
the INSERT is the one statement sent, and nothing comes back but its status (no RETURNING of an id
nobody reads).
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Engine

from .models import SavedDetermination

TABLE = SavedDetermination.__table__
COLUMNS = tuple(c.name for c in TABLE.columns if c.name != "id")
JSON_COLUMNS = ("answers", "shown")


def to_json(value: Any) -> str:
    """How the JSON columns are written: compact, as SQLAlchemy would write them less compactly."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class Writer:
    """INSERT INTO a table, determinations unless told, ready to send: the SQL text, the order of its
    parameters, converters."""

    def __init__(self, engine: Engine, own_pool: bool = False, table: Table = TABLE,
                 columns: tuple[str, ...] = COLUMNS, json_columns: tuple[str, ...] = JSON_COLUMNS):
        self.own_pool = own_pool  # a pool of saves alone, never pinged: after a failure it is opened afresh
        dialect = engine.dialect
        # as for executemany: PostgreSQL is not asked to send back the new row's id
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns), for_executemany=True)
        self.sql = str(compiled)
        self.order = tuple(compiled.positiontup) if compiled.positional else None
        self.convert = {}
        for name in columns:
            if name in json_columns:
                continue  # given as text, serialized once by the caller
            processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self.convert[name] = processor
        self.integrity_error = dialect.loaded_dbapi.IntegrityError
        self.error = dialect.loaded_dbapi.Error

    def parameters(self, row: dict) -> tuple | dict:
        values = {name: (self.convert[name](value) if name in self.convert else value) for name, value in row.items()}
        return tuple(values[name] for name in self.order) if self.order is not None else values

    def write(self, engine: Engine, row: dict) -> None:
        """Insert one row and commit; the DBAPI's own errors are raised (IntegrityError on a clash).

        A connection that failed is thrown away, not returned to the pool: a file made writable
        again, or a server restarted, is then reached afresh by the next save. A pool of saves alone
        is emptied too: its other connections, never pinged, may be as stale as the one that failed."""
        connection = engine.raw_connection()  # through the pool: its checks on checkout still apply
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(self.sql, self.parameters(row))
            finally:
                cursor.close()
            connection.commit()  # in autocommit, nothing is left to commit and nothing is sent
        except self.integrity_error:
            connection.rollback()
            raise
        except Exception:
            connection.invalidate()
            if self.own_pool:
                engine.dispose()
            raise
        finally:
            connection.close()
