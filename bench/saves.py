"""One PostgreSQL save, in one process: its round trips, its CPU on each side, and the INSERT's plan.

    tests/with-postgres .venv/bin/python bench/saves.py            # prints Markdown
    tests/with-postgres .venv/bin/python bench/saves.py --saves 2000

Two ways of sending the same row take turns, block by block, so that the machine's other work falls on
both alike: the app's own pool (pre-pinged on each checkout, then BEGIN, the INSERT and COMMIT), as every
save went before issue 19, and the pool of saves (app/storage/database.py: saving_options), as a save goes
now. Round trips are counted from libpq's own trace of ten saves: one ReadyForQuery closes each. The app's
CPU is this process's; the server's is that of the PostgreSQL server's processes (Linux /proc), which
TEST_DATABASE_URL and TEST_POSTGRES_DATA name (tests/with-postgres sets both).
"""
from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.mix import BODIES  # noqa: E402

WAYS = ("the app's pool: pre-ping, BEGIN, INSERT, COMMIT", "the pool of saves: the INSERT alone")


def server_cpu_seconds(data_dir: str) -> float:
    """CPU used so far by the postmaster whose data directory is `data_dir` and by its children."""
    postmaster = int(Path(data_dir, "postmaster.pid").read_text().split()[0])
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == postmaster or int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def run(url: str, data_dir: str, saves: int, blocks: int) -> dict:
    from sqlalchemy import event

    from app import create_app
    from app.extensions import db
    from app.storage.database import SAVES
    from app.storage.models import utcnow
    from app.storage.references import new_reference
    from app.storage.writer import Writer, to_json

    settings = {"SECRET_KEY": secrets.token_hex(32), "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                "PUBLIC_BASE_URL": "http://127.0.0.1", "TESTING": True}
    app = create_app(settings)
    trace = tempfile.NamedTemporaryFile("w+", prefix="bench-libpq-", suffix=".trace")
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
        engines = (db.engine, db.engines[SAVES])
        db.engine.dispose()  # the migrations' connection is not traced
        traced_connections = []
        for engine in engines:
            @event.listens_for(engine, "connect")
            def _trace(dbapi_connection, _record):
                dbapi_connection.pgconn.trace(trace.fileno())
                traced_connections.append(dbapi_connection)
        made = app.test_client().post("/api/v1/determinations", json=BODIES[1][1]).get_json()
        made.pop("reference")
        row = dict(source="api", audience="provider", language="en", outcome=made["outcome"], service="coaching",
                   answers=to_json(made["answers"]), shown=to_json(made), policy_id="A015",
                   policy_version="2023-04-15", policy_digest="0" * 64, app_version="bench")
        writers = [(engine, Writer(engine, own_pool=engine is engines[1])) for engine in engines]

        def save(way: int) -> None:
            engine, writer = writers[way]
            writer.write(engine, {**row, "reference": new_reference(), "created_at": utcnow()})

        round_trips = []
        for way in range(2):
            save(way)  # connected, and past psycopg's prepare threshold: a connection as the pool keeps it
            for _ in range(5):
                save(way)
            trace.flush()
            start = os.path.getsize(trace.name)
            for _ in range(10):
                save(way)
            trace.flush()
            with open(trace.name) as traced:
                traced.seek(start)
                round_trips.append(sum(1 for line in traced if "\tB\t" in line and "ReadyForQuery" in line) / 10)
        for dbapi_connection in traced_connections:
            dbapi_connection.pgconn.untrace()
        measured = {way: [] for way in range(2)}
        for _block in range(blocks):
            for way in range(2):
                wall, cpu, server = time.perf_counter(), time.process_time(), server_cpu_seconds(data_dir)
                for _ in range(saves):
                    save(way)
                measured[way].append(((time.perf_counter() - wall) / saves, (time.process_time() - cpu) / saves,
                                      (server_cpu_seconds(data_dir) - server) / saves))
        with engines[0].connect() as connection:
            writer = writers[0][1]
            plan = connection.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS, WAL) " + writer.sql,
                writer.parameters({**row, "reference": new_reference(), "created_at": utcnow()})).scalars().all()
            connection.rollback()
            indexes = connection.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'determinations' ORDER BY indexname").scalars().all()
            sizes = connection.exec_driver_sql(
                "SELECT octet_length(shown::text), pg_column_size(shown) FROM determinations "
                "ORDER BY id DESC LIMIT 1").one()
            version = connection.exec_driver_sql("SHOW server_version").scalar()
        for engine in engines:
            engine.dispose()
    trace.close()
    return {"saves": saves, "blocks": blocks, "round_trips": round_trips, "measured": measured,
            "plan": plan, "indexes": indexes, "sizes": tuple(sizes), "version": version}


def markdown(result: dict, command: str) -> str:
    lines = [f"Command: `{command}`", "",
             f"PostgreSQL {result['version']} on 127.0.0.1 (tests/with-postgres: fsync off), the same row "
             f"({result['sizes'][0]:,} bytes of `shown` as text, {result['sizes'][1]:,} as stored), "
             f"{result['blocks']} blocks of {result['saves']:,} saves a way, the ways in turn; medians of the "
             "blocks for wall time, means for CPU.", "",
             "| a save through | round trips | wall ms | app CPU ms | server CPU ms |", "|---|---:|---:|---:|---:|"]
    for way, name in enumerate(WAYS):
        blocks = result["measured"][way]
        lines.append(f"| {name} | {result['round_trips'][way]:g} "
                     f"| {statistics.median(b[0] for b in blocks) * 1000:.3f} "
                     f"| {statistics.mean(b[1] for b in blocks) * 1000:.3f} "
                     f"| {statistics.mean(b[2] for b in blocks) * 1000:.3f} |")
    lines += ["", f"The INSERT's plan (indexes on determinations: {', '.join(result['indexes'])}):", "", "```",
              *result["plan"], "```"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--saves", type=int, default=1000, help="saves per block and way (default 1,000)")
    p.add_argument("--blocks", type=int, default=5, help="blocks per way (default 5)")
    args = p.parse_args(argv)
    url, data_dir = os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_POSTGRES_DATA")
    if not (url and data_dir):
        print("bench/saves.py needs a PostgreSQL server: run it through tests/with-postgres", file=sys.stderr)
        return 2
    command = "tests/with-postgres .venv/bin/python bench/saves.py" + (
        f" --saves {args.saves}" if args.saves != 1000 else "") + (f" --blocks {args.blocks}" if args.blocks != 5 else "")
    print(markdown(run(url, data_dir, args.saves, args.blocks), command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
