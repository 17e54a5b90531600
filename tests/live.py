"""The app served for real by gunicorn on a free localhost port, for tests that need a live server:
the server the benchmarks start (bench/servers.py), with a test's settings."""
import contextlib
import tempfile
from pathlib import Path

from bench.servers import WORKER_CLASS, Server

TEST_ENVIRONMENT = {"SECRET_KEY": "live-test-7f3a9c2e41b8d06f5e2a9c71b4d83e60", "RATELIMIT_ENABLED": "false"}


@contextlib.contextmanager
def gunicorn(database_url: str, workers: int = 2, env: dict | None = None, threads: int = 0):
    """Serve create_app() with `workers` workers; yields the base URL; stops the server afterwards.

    The settings are gunicorn.conf.py's, as `make run` serves the app; `threads` changes how many
    threads each worker has (a browser keeps idle connections open, each holding one)."""
    environment = {**TEST_ENVIRONMENT, "DATABASE_URL": database_url, **(env or {})}
    threaded = {"worker_class": "gthread", "threads": threads} if threads else {"worker_class": WORKER_CLASS}
    # the log goes to a file: a pipe nobody reads would fill and stop the workers
    with tempfile.TemporaryDirectory() as logs, \
            Server("live", "app:create_app()", Path(logs), env=environment, workers=workers, **threaded) as server:
        yield server.url
