"""The app served for real by gunicorn on a free localhost port, for tests that need a live server:
the server the benchmarks start (bench/servers.py), with a test's settings."""
import contextlib
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.servers import WORKER_CLASS, Server

TEST_ENVIRONMENT = {"SECRET_KEY": "live-test-7f3a9c2e41b8d06f5e2a9c71b4d83e60", "RATELIMIT_ENABLED": "false"}


@contextlib.contextmanager
def gunicorn(database_url: str, workers: int = 2, env: dict | None = None, threads: int = 0):
    """Serve create_app() with `workers` workers; yields the base URL; stops the server afterwards.

    The settings are gunicorn.conf.py's, as `make run` serves the app; `threads` changes how many
    threads each worker has (a browser keeps idle connections open, each holding one)."""
    with gunicorns(1, database_url, workers, env, threads) as (url,):
        yield url


@contextlib.contextmanager
def gunicorns(count: int, database_url: str, workers: int = 2, env: dict | None = None, threads: int = 0):
    """`count` such servers side by side, started at the same time; yields their base URLs."""
    environment = {**TEST_ENVIRONMENT, "DATABASE_URL": database_url, **(env or {})}
    threaded = {"worker_class": "gthread", "threads": threads} if threads else {"worker_class": WORKER_CLASS}
    # the log goes to a file: a pipe nobody reads would fill and stop the workers
    with tempfile.TemporaryDirectory() as logs, contextlib.ExitStack() as running:
        servers = [Server(f"live-{n}", "app:create_app()", Path(logs), env=environment, workers=workers, **threaded)
                   for n in range(count)]
        for server in servers:
            running.callback(server.stop)  # each stopped afterwards, also one that did not answer in time
        with ThreadPoolExecutor(count) as pool:
            list(pool.map(Server.start, servers))
        yield tuple(server.url for server in servers)
