"""The app served for real by gunicorn on a free localhost port, for tests that need a live server."""
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, workers: int = 2, env: dict | None = None, threads: int = 0):
    """Serve create_app() with `workers` workers; yields the base URL; stops the server afterwards.

    `threads` gives threaded workers, for a browser: Chromium keeps idle connections open, and
    each would hold a sync worker."""
    port = free_port()
    log = tempfile.TemporaryFile()
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "live-test-secret-key-of-32-bytes-x",
                   "RATELIMIT_ENABLED": "false",
                   **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning", "app:create_app()"]
        + (["--worker-class", "gthread", "--threads", str(threads)] if threads else []),
        # the log goes to a file: a pipe nobody reads would fill and stop the workers
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("gunicorn did not start: " + log.read().decode(errors="replace")[-2000:])
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
